package dev.flemme4j.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one consumer on its own named daemon thread: {@link Body#open} once (subscribe or assign), then
 * {@link Body#onRecords} for every poll, empty ones included, until {@link #close()}. The consumer is injected, so
 * a {@code MockConsumer} drives the same loop in tests; the loop owns it and closes it when it ends.
 *
 * <p>A loop that ends for any other reason than {@link #close()} (an exception out of the body or the consumer)
 * is logged and reported by {@link #problem()}, so a health check turns DOWN instead of a process that looks up
 * while consuming nothing.
 */
public final class PollLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);

    /** What the loop does with its consumer; called on the loop's thread only. */
    public interface Body {
        /** Subscribes or assigns; may block (e.g. until a topic exists), checking {@link PollLoop#running()}. */
        void open(Consumer<String, byte[]> consumer);

        /** Handles one poll's records; an exception ends the loop and marks it dead. */
        void onRecords(ConsumerRecords<String, byte[]> records);

        /** Called on the loop's thread after the last poll, before the consumer closes. */
        default void onEnd() {
        }
    }

    private final String name;
    private final Consumer<String, byte[]> consumer;
    private final Duration pollTimeout;
    private final Body body;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean started;
    private volatile Throwable death;

    public PollLoop(String name, Consumer<String, byte[]> consumer, Duration pollTimeout, Body body) {
        this.name = Objects.requireNonNull(name, "name");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
        this.body = Objects.requireNonNull(body, "body");
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public synchronized PollLoop start() {
        if (!running) {
            throw new IllegalStateException(name + " was closed");
        }
        started = true;
        thread.start();
        return this;
    }

    public String name() {
        return name;
    }

    /** False once {@link #close()} was called: long-running bodies check it to stop early. */
    public boolean running() {
        return running;
    }

    /** Why the loop died, if it ended without being closed; empty while it runs and after a clean close. */
    public Optional<String> problem() {
        Throwable t = death;
        return t == null ? Optional.empty() : Optional.of(name + " stopped: " + t);
    }

    private void run() {
        try {
            body.open(consumer);
            while (running) {
                body.onRecords(consumer.poll(pollTimeout));
            }
        } catch (WakeupException | InterruptException e) {
            if (running) {
                died(e);
            }
        } catch (Throwable e) {
            // Errors too (an OutOfMemoryError, a missing native): a dead loop must show in /health, not vanish.
            if (running) {
                died(e);
            } else {
                LOG.debug("{} ended while closing", name, e);
            }
        } finally {
            try {
                body.onEnd();
            } catch (RuntimeException e) {
                LOG.warn("{}: ending failed: {}", name, e.toString());
            }
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("closing the consumer of {}", name, e);
            }
        }
    }

    private void died(Throwable e) {
        death = e;
        LOG.error("{} stopped on an unexpected error; health is DOWN", name, e);
    }

    /** Stops polling (waking a blocked poll) and waits up to 10 s for the thread to close the consumer. */
    @Override
    public void close() {
        synchronized (this) {
            running = false;
            if (!started) {
                consumer.close(Duration.ZERO);
                return;
            }
        }
        consumer.wakeup();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
