package dev.flemme4j.serving.ort;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** One timer thread for the whole process that asks ORT to stop runs that exceeded their time. */
final class RunWatchdog {

    private static final ScheduledExecutorService TIMER = timer();

    private RunWatchdog() {
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "flemme-ort-watchdog");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    static ScheduledFuture<?> terminateAfter(OrtSession.RunOptions options, Duration timeout) {
        return TIMER.schedule(() -> {
            try {
                options.setTerminate(true);
            } catch (OrtException e) {
                // the run ended and its options were closed in between: nothing left to stop
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
