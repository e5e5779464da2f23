package org.standstill.command.config;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends a command again when it lost a race for its aggregate to another command-service instance. One instance
 * serialises the commands of an aggregate with Axon's in-process lock; two instances do not share that lock, and the
 * second of two commands to append the same sequence number of a report (a reporter's correction and a coordinator's
 * verdict at once, say) fails on the event store's unique key with a {@link ConcurrencyException}, rolled back whole.
 * Sent again, it is decided on the aggregate as the first one left it — as it would have been behind the lock. Only
 * that failure is retried (a refusal of the domain is answered at once), a few times, a few milliseconds apart.
 */
final class ConcurrencyRetries implements RetryScheduler {

    static final int MAX_RETRIES = 5;
    private static final Logger log = LoggerFactory.getLogger(ConcurrencyRetries.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "command-retry");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable commandDispatch) {
        if (!lostARace(lastFailure) || failures.size() > MAX_RETRIES) {
            return false;
        }
        long delay = ThreadLocalRandom.current().nextLong(5, 20L * failures.size());
        log.debug("{} lost a race for its aggregate ({}); sending it again in {} ms", commandMessage.getCommandName(),
                lastFailure.getMessage(), delay);
        executor.schedule(commandDispatch, delay, TimeUnit.MILLISECONDS);
        return true;
    }

    private static boolean lostARace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
