# command-service. Build context: the repository root, after ./mvnw -DskipTests package.
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY command-service/target/command-service.jar command-service.jar
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true \
    SERVER_PORT=8081
EXPOSE 8081
ENTRYPOINT ["java", "-jar", "/app/command-service.jar"]
