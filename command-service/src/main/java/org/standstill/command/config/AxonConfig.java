package org.standstill.command.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizer;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;

import javax.sql.DataSource;
import java.util.stream.Stream;

/**
 * Axon's JDBC event store on PostgreSQL, declared here rather than left to Axon's auto-configuration:
 * Axon 4.13 orders its JDBC and transaction auto-configuration after Spring Boot 3's class names, so
 * under Spring Boot 4 it would find no DataSource and silently run without transactions. The schema
 * is Flyway's ({@code db/migration}), never created by Axon.
 */
@Configuration
class AxonConfig {

    /** PostgreSQL's SQLState of a unique violation. */
    static final String UNIQUE_VIOLATION = "23505";

    /** Events are stored as JSON with ISO-8601 instants, readable by auditors' own tools. */
    @Bean("defaultAxonObjectMapper")
    ObjectMapper defaultAxonObjectMapper() {
        return new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /**
     * A batch of reports decides each report in a unit of work nested in the batch's, all in the batch's transaction:
     * a report refused (its nested unit of work rolled back, having stored nothing) must not doom the others, so a
     * participant's failure does not mark the whole transaction rollback-only. What fails the batch itself still rolls
     * it all back.
     */
    @Bean
    TransactionManagerCustomizer<AbstractPlatformTransactionManager> participantsDoNotDoomTheTransaction() {
        return transactionManager -> transactionManager.setGlobalRollbackOnParticipationFailure(false);
    }

    /**
     * The gateway the controllers send commands through: Axon's own, with a command that lost a race for its aggregate
     * to another instance sent again ({@link ConcurrencyRetries}).
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(new ConcurrencyRetries()).build();
    }

    /** Every aggregate's commands find their target through {@link CommandTargets}. */
    @Bean
    org.axonframework.modelling.command.CommandTargetResolver commandTargetResolver() {
        return new CommandTargets();
    }

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    /**
     * A duplicate key is PostgreSQL's unique violation, SQLState 23505, anywhere in the cause chain: pgjdbc throws a
     * plain {@code PSQLException}, never the {@code SQLIntegrityConstraintViolationException} that Axon's JDBC
     * default looks for, so two instances appending an aggregate's same event would otherwise be a 500, not a retry.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver(UNIQUE_VIOLATION);
    }

    @Bean
    EventStorageEngine eventStorageEngine(DataSource dataSource, TransactionManager transactionManager,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration axon) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                        new SpringDataSourceConnectionProvider(dataSource)))
                .transactionManager(transactionManager)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(axon.upcasterChain());
        return new JdbcEventStorageEngine(builder) {
            /**
             * No aggregate of ours is ever snapshotted (no snapshotter is configured, and a report or a day has a
             * handful of events): looking for a snapshot would be one more query for every command, for nothing.
             */
            @Override
            protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
                return Stream.empty();
            }
        };
    }
}
