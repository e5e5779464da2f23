package org.standstill.command.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.standstill.api.audit.Head;
import org.standstill.command.TestDatabase;
import org.standstill.command.audit.StoredLog.Recorded;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The integrity checkpoints on a real PostgreSQL event log: what a checkpoint round reads and writes, how a big
 * log is covered, and what several recorders at once do. The schedule is off ({@code checkpoint-interval} a day);
 * each test calls {@link Checkpoints#record()} itself. Events are written an hour old, so they are settled.
 */
@SpringBootTest(properties = {
        "standstill.token-secret=checkpoint-tests-secret-of-at-least-32-bytes",
        "standstill.admin-token=checkpoint-tests-admin-token",
        "standstill.checkpoint-interval=P1D",
        "standstill.checkpoint-chunk=" + CheckpointsTest.CHUNK})
@Import(StreamReads.class)
class CheckpointsTest {

    static final int CHUNK = 500;
    static final String DAY = "mpls-2026-01-23";
    static final String OTHER_DAY = "stp-2026-01-30";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @Autowired
    Checkpoints checkpoints;
    @Autowired
    StreamReads reads;
    @Autowired
    AutowireCapableBeanFactory beans;

    StoredLog log;

    @BeforeEach
    void emptyLog(@Autowired EventStore eventStore, @Autowired TransactionManager transactionManager,
                  @Autowired JdbcClient jdbc, @Autowired @Qualifier("defaultAxonObjectMapper") ObjectMapper json) {
        log = new StoredLog(eventStore, transactionManager, jdbc, json);
        log.empty();
        reads.reset();
    }

    @Nested
    class OnAnEmptyLog {
        @Test
        void record_recordsNothing_andThrowsNothing() {
            assertThatCode(checkpoints::record).doesNotThrowAnyException();

            assertThat(log.checkpointEvents()).isZero();
            assertThat(log.upTo()).isZero();
        }

        @Test
        void record_recordsNothing_whenEveryEventIsYoungerThanTheSettleTime() {
            log.noteNow(DAY, "report-just-now");

            assertThatCode(checkpoints::record).doesNotThrowAnyException();

            assertThat(log.checkpointEvents()).isZero();
            assertThat(log.upTo()).isZero();
        }
    }

    @Nested
    class EachCheckpoint {
        @Test
        void holdsTheHeadsOfTheAggregatesChangedSinceTheLastOne_only() {
            List<String> reports = log.seed(DAY, 200, 1);
            log.seed(OTHER_DAY, 50, 1);
            checkpoints.record();

            for (int round = 1; round <= 4; round++) {
                List<String> changed = reports.subList(round * 3, round * 3 + 3);
                log.change(DAY, changed);
                checkpoints.record();

                List<Recorded> recorded = log.checkpointsOf(DAY);
                Recorded latest = recorded.get(recorded.size() - 1);
                assertThat(recorded).hasSize(round + 1);
                assertThat(latest.heads()).extracting(Head::aggregateId).containsExactlyInAnyOrderElementsOf(changed);
                assertThat(latest.heads()).extracting(Head::sequence).containsOnly(1L);
                assertThat(latest.upToPosition()).isEqualTo(log.lastPosition()).isEqualTo(log.upTo());
            }
            assertThat(log.checkpointsOf(OTHER_DAY)).as("a day with no change gets no checkpoint").hasSize(1);
        }

        @Test
        void readsNoneOfTheDaysEarlierCheckpoints() {
            List<String> reports = log.seed(DAY, 200, 1);
            checkpoints.record();
            for (int round = 1; round <= 5; round++) {
                log.change(DAY, reports.subList(round, round + 1));
                checkpoints.record();
            }
            assertThat(log.checkpointsOf(DAY)).hasSize(6);

            reads.reset();
            log.change(DAY, reports.subList(10, 12));
            checkpoints.record();

            assertThat(log.checkpointsOf(DAY)).hasSize(7);
            assertThat(reads.eventsReadOf(IntegrityCheckpoint.idOf(DAY)))
                    .as("stored checkpoint events loaded to record the next one").isZero();
        }

        @Test
        void continuesTheHashChainOfTheDaysCheckpoints_andVerifiesAsTheAuditorsCheckDoes() {
            List<String> reports = log.seed(DAY, 20, 2);
            checkpoints.record();
            log.change(DAY, reports.subList(0, 5));
            checkpoints.record();
            log.change(DAY, reports.subList(3, 8));
            checkpoints.record();

            List<Recorded> recorded = log.checkpointsOf(DAY);

            assertThat(recorded).extracting(Recorded::sequence).containsExactly(0L, 1L, 2L);
            assertThat(recorded.get(0).heads()).hasSize(20).extracting(Head::sequence).containsOnly(1L);
            assertThat(recorded.get(2).heads()).containsExactlyInAnyOrderElementsOf(
                    reports.subList(3, 8).stream().map(log.latestHeads(DAY)::get).toList());
        }
    }

    @Nested
    class TheFirstCheckpointOverABigLog {
        @Test
        void isRecordedChunkByChunk_eachChunkInATransactionOfItsOwn() {
            log.seed(DAY, 700, 2);
            log.seed(OTHER_DAY, 300, 3);
            long events = log.lastPosition();

            checkpoints.record();

            List<Recorded> recorded = Stream.concat(log.checkpointsOf(DAY).stream(), log.checkpointsOf(OTHER_DAY).stream())
                    .toList();
            List<Long> rounds = recorded.stream().map(Recorded::upToPosition).distinct().sorted().toList();
            assertThat(log.upTo()).as("the whole log is covered in one call").isEqualTo(events);
            assertThat(rounds).hasSizeGreaterThanOrEqualTo((int) Math.ceil(2300.0 / CHUNK)).last().isEqualTo(events);
            long after = 0;
            for (long upTo : rounds) {
                assertThat(log.eventsBetween(after, upTo)).as("events of the log in (%d, %d]", after, upTo)
                        .isLessThanOrEqualTo(CHUNK);
                Set<String> transactions = new HashSet<>();
                recorded.stream().filter(r -> r.upToPosition() == upTo).forEach(r -> transactions.add(r.transaction()));
                assertThat(transactions).as("transactions of the round up to %d", upTo).hasSize(1);
                after = upTo;
            }
            assertThat(recorded.stream().map(Recorded::transaction).distinct()).hasSize(rounds.size());
            assertThat(recorded).allSatisfy(r -> assertThat(r.heads()).hasSizeLessThanOrEqualTo(CHUNK));
            assertThat(headsIn(log.checkpointsOf(DAY))).containsAll(log.latestHeads(DAY).values());
            assertThat(headsIn(log.checkpointsOf(OTHER_DAY))).containsAll(log.latestHeads(OTHER_DAY).values());
        }
    }

    @Nested
    class TwoRecordersAtOnce {
        @Test
        void neverRecordOverlappingCheckpoints() throws Exception {
            log.seed(DAY, 1000, 2);
            log.seed(OTHER_DAY, 500, 2);
            long events = log.lastPosition();
            Checkpoints another = beans.createBean(Checkpoints.class);
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (Checkpoints recorder : List.of(checkpoints, another)) {
                    running.add(threads.submit(() -> {
                        Instant giveUp = Instant.now().plus(Duration.ofMinutes(1));
                        start.await();
                        while (log.upTo() < events && Instant.now().isBefore(giveUp)) {
                            recorder.record();
                            Thread.sleep(5);
                        }
                        return null;
                    }));
                }
                for (Future<?> recorder : running) {
                    recorder.get();
                }
            } finally {
                threads.shutdownNow();
            }

            assertThat(log.upTo()).isEqualTo(events);
            for (String day : List.of(DAY, OTHER_DAY)) {
                List<Recorded> recorded = log.checkpointsOf(day);
                assertThat(recorded).extracting(Recorded::upToPosition).as("positions of %s's checkpoints", day)
                        .isSorted().doesNotHaveDuplicates();
                List<Head> heads = headsIn(recorded);
                assertThat(heads).as("heads recorded by more than one checkpoint").doesNotHaveDuplicates();
                assertThat(heads).containsAll(log.latestHeads(day).values());
            }
        }
    }

    private static List<Head> headsIn(List<Recorded> recorded) {
        return recorded.stream().flatMap(r -> r.heads().stream()).toList();
    }
}
