package dev.flemme4j.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a long-running command alive until Ctrl-C / SIGTERM, then closes what it started in reverse order of
 * starting, inside the JVM's shutdown hook (SIGTERM only runs hooks). Each close is isolated so one failing
 * part cannot leave the others running.
 */
final class StopSignal {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);
    private final Deque<NamedCloser> closers = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook = new Thread(this::closeAll, "flemme-shutdown");

    interface Closer {
        void close() throws Exception;
    }

    private record NamedCloser(String name, Closer closer) {
    }

    StopSignal() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Registers something to close; later registrations close first. */
    synchronized void onStop(String name, Closer closer) {
        closers.push(new NamedCloser(name, closer));
    }

    /** Blocks until a stop was requested (signal or {@link #requestStop()}). */
    void await() throws InterruptedException {
        stopped.await();
    }

    /** Stops from inside the program (e.g. a run that ends by itself) and waits for the closing to finish. */
    void requestStop() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            closeAll();
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook does the closing
        }
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeAll() {
        stopped.countDown();
        NamedCloser c;
        while ((c = next()) != null) {
            try {
                c.closer().close();
            } catch (Exception e) {
                LOG.warn("while stopping {}: {}", c.name(), e.toString());
            }
        }
        closed.countDown();
    }

    private synchronized NamedCloser next() {
        return closers.poll();
    }
}
