# query-service. Build context: the repository root, after ./mvnw -DskipTests package.
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY query-service/target/query-service.jar query-service.jar
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true \
    SERVER_PORT=8080
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/query-service.jar"]
