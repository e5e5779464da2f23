package org.standstill.query.config;

import org.axonframework.eventhandling.TrackedEventMessage;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A processor's private stream of the log, read ahead on a thread of its own: the next fetches are queried and their
 * payloads and metadata deserialised while the processor writes its batch, instead of after it. The same events in the
 * same order, with the same tokens: only who reads them changes. The stream ends where the one it reads ends (a fetch
 * found nothing more), and closing it stops the reader and closes that stream.
 *
 * <p>Measured on a backlog of 10^6 events, the processor's thread spent about a third of the catch-up reading and
 * deserialising, with a core idle meanwhile.
 */
final class ReadAhead implements Iterator<TrackedEventMessage<?>> {

    /**
     * Events read ahead at most, deserialised: a batch of the processor's (with the store's fetch the reader holds,
     * about 10 MB in all). More buys nothing once the writer is the slower, and a 10^6-event day's index leaves the
     * query service's 512 MB little room.
     */
    static final int CAPACITY = 1_000;

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Stream<? extends TrackedEventMessage<?>> source;
    private final Thread reader;
    private Object next;

    private ReadAhead(Stream<? extends TrackedEventMessage<?>> source) {
        this.source = source;
        this.reader = new Thread(this::read, "event-read-ahead");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    static Stream<TrackedEventMessage<?>> of(Stream<? extends TrackedEventMessage<?>> source) {
        ReadAhead ahead = new ReadAhead(source);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(ahead, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(ahead::close);
    }

    private void read() {
        Object last = END;
        try {
            Iterator<? extends TrackedEventMessage<?>> events = source.iterator();
            while (events.hasNext()) {
                TrackedEventMessage<?> event = events.next();
                try {
                    event.getPayload();
                    event.getMetaData();
                } catch (RuntimeException later) {
                    // left to fail where it is used, as it would without reading ahead
                }
                queue.put(event);
            }
        } catch (InterruptedException closed) {
            return;
        } catch (RuntimeException | Error failed) {
            last = failed; // handed to the processor, which fails its batch and opens the stream again
        }
        try {
            queue.put(last);
        } catch (InterruptedException closed) {
            // nobody is reading any more
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the next event", e);
            }
        }
        if (next instanceof RuntimeException failed) {
            throw failed;
        }
        if (next instanceof Error failed) {
            throw failed;
        }
        return next != END;
    }

    @Override
    public TrackedEventMessage<?> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        TrackedEventMessage<?> event = (TrackedEventMessage<?>) next;
        next = null;
        return event;
    }

    private void close() {
        reader.interrupt();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
