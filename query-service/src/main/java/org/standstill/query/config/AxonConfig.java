package org.standstill.query.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.standstill.api.audit.CheckpointRecorded;
import org.standstill.query.tally.EventPositions;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Axon reading the command service's event store (JDBC, PostgreSQL), with its tokens in our own table,
 * declared here rather than left to Axon's auto-configuration: Axon 4.13 orders its JDBC and
 * transaction auto-configuration after Spring Boot 3's class names, so under Spring Boot 4 it would
 * find no DataSource and silently run projections without transactions.
 */
@Configuration
class AxonConfig {

    /** PostgreSQL's SQLState of a unique violation. */
    static final String UNIQUE_VIOLATION = "23505";

    /**
     * A gap in the global index is an insert still in flight (or rolled back). Commands commit within
     * milliseconds; a minute is far longer than any transaction of the command service.
     */
    static final int GAP_TIMEOUT_MILLIS = 60_000;
    /** Events read from the store per query by the processors (Axon's default is 100). */
    static final int FETCH_BATCH = 2_000;

    /**
     * An exception in a projection's handler fails its whole batch, which is rolled back and retried by its processor
     * (with back-off) until it succeeds: a failing event halts its segment, loudly, and is never skipped — Axon's
     * default would log it and move on, leaving a figure silently frozen.
     */
    @Autowired
    void configure(EventProcessingConfigurer processing) {
        processing.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
        processing.registerDefaultErrorHandler(c -> PropagatingErrorHandler.instance());
    }

    /**
     * The events' mapper. A checkpoint's heads (one per aggregate changed since the last checkpoint: thousands) are
     * never needed as objects here — the integrity check reads them in PostgreSQL — so they are skipped while parsing,
     * and a checkpoint costs the query side no more memory than any other event.
     */
    @Bean("defaultAxonObjectMapper")
    ObjectMapper defaultAxonObjectMapper() {
        return new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .addMixIn(CheckpointRecorded.class, WithoutHeads.class);
    }

    @JsonIgnoreProperties("heads")
    interface WithoutHeads {
    }

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
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
    EventStorageEngine eventStorageEngine(ConnectionProvider connections, TransactionManager transactionManager,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration axon, EventPositions positions) {
        return new PositionRecordingStorageEngine(JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(transactionManager)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(axon.upcasterChain())
                .gapTimeout(GAP_TIMEOUT_MILLIS)
                .batchSize(FETCH_BATCH), positions);
    }

    @Bean("eventStore")
    ListeningEventStore eventStore(EventStorageEngine storageEngine, PostgresNotifications notifications) {
        // The events shared by processors at the head of the log: a fetch's worth (Axon's default is 10,000).
        ListeningEventStore store = new ListeningEventStore(ListeningEventStore.builder().storageEngine(storageEngine)
                .cachedEvents(FETCH_BATCH));
        notifications.listen(PostgresNotifications.EVENTS, payload -> store.wakeUp());
        return store;
    }

    /**
     * The processors' tokens, claimed segment by segment by the instances ({@link SegmentBalancer}). A claim is kept
     * fresh every second by the instance that holds it; one left by an instance that ended lapses after
     * {@code standstill.token-claim-timeout} (Axon's default is 10 s), and another instance takes the segment over.
     */
    @Bean
    TokenStore tokenStore(ConnectionProvider connections, Serializer serializer, QueryInstances instances,
                          @Value("${standstill.token-claim-timeout:PT5S}") Duration claimTimeout) {
        return JdbcTokenStore.builder().connectionProvider(connections).serializer(serializer)
                .nodeId(instances.id()).claimTimeout(claimTimeout).build();
    }
}
