package dev.flemme4j.serving.batching;

import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.serving.api.ApiException;
import dev.flemme4j.serving.api.ErrorReason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic batching for one model version. Requests ({@code (n, *S)} float32 inputs) wait in a FIFO; each of the
 * worker threads takes the head, adds following requests of the same {@code *S} while the batch stays within
 * {@link BatchPolicy#maxBatch()} samples and {@link BatchPolicy#maxDelay()} has not passed since the head arrived,
 * copies them into its own reused direct buffer (handed to ORT without another copy), runs the
 * {@link BatchFunction} once and splits the output back along the first axis.
 *
 * <p>At most {@link BatchPolicy#maxQueued()} requests wait or run; more are refused at once with 429 and
 * {@code Retry-After}. {@link #shutdown()} lets the workers finish what is queued and then stop; a request
 * submitted after that runs on the caller's thread, so a request holding an old version never fails because a
 * newer one was swapped in.
 */
public final class ModelBatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ModelBatcher.class);

    private record Pending(NamedTensor input, CompletableFuture<NamedTensor> result, long arrivedNanos) {
        int samples() {
            return (int) input.dim(0);
        }
    }

    private final String label;
    private final BatchPolicy policy;
    private final BatchFunction function;
    private final BatchTimings timings;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final List<Thread> workers = new ArrayList<>();
    private int admitted;
    private int runningWorkers;
    private boolean shutdown;

    /**
     * @param batchSizes told the sample count of every batch run (for the batch-size histogram)
     */
    public ModelBatcher(String label, BatchPolicy policy, int threads, BatchFunction function, IntConsumer batchSizes) {
        this(label, policy, threads, function, new BatchTimings() {
            @Override
            public void waited(long nanos) {
            }

            @Override
            public void ran(int samples, long nanos) {
                batchSizes.accept(samples);
            }
        });
    }

    /** @param timings told each request's wait and each batch's size and run time */
    public ModelBatcher(String label, BatchPolicy policy, int threads, BatchFunction function, BatchTimings timings) {
        this.label = label;
        this.policy = policy;
        this.function = function;
        this.timings = timings;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, "flemme-batch-" + label + "-" + i);
            t.setDaemon(true);
            workers.add(t);
        }
        runningWorkers = threads;
        workers.forEach(Thread::start);
    }

    public BatchPolicy policy() {
        return policy;
    }

    /** Requests waiting or running now. */
    public synchronized int admitted() {
        return admitted;
    }

    /**
     * Queues {@code input} (n ≥ 1 samples on axis 0); the future holds this request's rows of the output.
     * Fails at once with a 429 {@link ApiException} when {@code maxQueued} requests are already in.
     */
    public CompletableFuture<NamedTensor> submit(NamedTensor input) {
        CompletableFuture<NamedTensor> result = new CompletableFuture<>();
        synchronized (this) {
            if (admitted >= policy.maxQueued()) {
                result.completeExceptionally(new ApiException(429, ErrorReason.OVERLOADED, "model", "model " + label + " has "
                        + admitted + " requests waiting or running (limit " + policy.maxQueued() + "); retry later").retryAfter(1));
                return result;
            }
            admitted++;
            if (runningWorkers > 0) {
                queue.addLast(new Pending(input, result, System.nanoTime()));
                notifyAll();
                return result;
            }
        }
        // the workers are gone (version retired and drained): this late request runs here
        runBatch(List.of(new Pending(input, result, System.nanoTime())), new ByteBuffer[1]);
        return result;
    }

    /** Stop taking new batches once the queue is empty; the workers then exit. Idempotent. */
    public synchronized void shutdown() {
        shutdown = true;
        notifyAll();
    }

    private void work() {
        ByteBuffer[] scratch = new ByteBuffer[1];
        try {
            while (true) {
                List<Pending> batch = nextBatch();
                if (batch == null) {
                    return;
                }
                runBatch(batch, scratch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                runningWorkers--;
                if (runningWorkers == 0) {
                    // a worker interrupted with work left must not strand it
                    List<Pending> left = new ArrayList<>(queue);
                    queue.clear();
                    left.forEach(p -> fail(p, new IllegalStateException("batcher of " + label + " stopped")));
                }
            }
        }
    }

    private synchronized List<Pending> nextBatch() throws InterruptedException {
        while (queue.isEmpty()) {
            if (shutdown) {
                return null;
            }
            wait();
        }
        Pending head = queue.pollFirst();
        List<Pending> batch = new ArrayList<>();
        batch.add(head);
        int samples = head.samples();
        long deadline = head.arrivedNanos() + policy.maxDelay().toNanos();
        while (samples < policy.maxBatch()) {
            Pending next = queue.peekFirst();
            if (next == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || shutdown) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000), (int) (left % 1_000_000));
                continue;
            }
            if (samples + next.samples() > policy.maxBatch() || !sameSample(head.input(), next.input())) {
                break;
            }
            batch.add(queue.pollFirst());
            samples += next.samples();
        }
        return batch;
    }

    private static boolean sameSample(NamedTensor a, NamedTensor b) {
        long[] x = a.shape(), y = b.shape();
        return a.dtype() == b.dtype() && Arrays.equals(x, 1, x.length, y, 1, y.length);
    }

    private void runBatch(List<Pending> batch, ByteBuffer[] scratch) {
        try {
            long start = System.nanoTime();
            for (Pending p : batch) {
                timings.waited(start - p.arrivedNanos());
            }
            NamedTensor joined = join(batch, scratch);
            long run = System.nanoTime();
            NamedTensor out = function.apply(joined);
            timings.ran((int) joined.dim(0), System.nanoTime() - run);
            split(batch, out);
        } catch (Throwable t) {
            if (!(t instanceof ApiException)) {
                LOG.warn("batch of {} request(s) on {} failed: {}", batch.size(), label, t.toString());
            }
            batch.forEach(p -> fail(p, t));
        }
    }

    // Always copied into the worker's direct buffer: ORT reads a direct buffer in place, a heap one it would copy anyway.
    private static NamedTensor join(List<Pending> batch, ByteBuffer[] scratch) {
        NamedTensor first = batch.get(0).input();
        long bytes = 0;
        int samples = 0;
        for (Pending p : batch) {
            bytes += p.input().byteLength();
            samples += p.samples();
        }
        ByteBuffer buf = scratch[0];
        if (buf == null || buf.capacity() < bytes) {
            buf = ByteBuffer.allocateDirect((int) Math.max(bytes, buf == null ? 0 : buf.capacity() * 2L)).order(ByteOrder.LITTLE_ENDIAN);
            scratch[0] = buf;
        }
        buf.clear();
        for (Pending p : batch) {
            buf.put(p.input().data());
        }
        buf.flip();
        long[] shape = first.shape();
        shape[0] = samples;
        return new NamedTensor(first.name(), first.dtype(), shape, buf.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    private void split(List<Pending> batch, NamedTensor out) {
        long total = 0;
        for (Pending p : batch) {
            total += p.samples();
        }
        if (out.rank() == 0 || out.dim(0) != total) {
            throw new IllegalStateException("model " + label + " answered " + out + " for a batch of " + total + "; the first axis must be the batch");
        }
        if (batch.size() == 1) {
            complete(batch.get(0), out);
            return;
        }
        long rowBytes = out.byteLength() / total;
        ByteBuffer data = out.data();
        int offset = 0;
        for (Pending p : batch) {
            int len = (int) (rowBytes * p.samples());
            long[] shape = out.shape();
            shape[0] = p.samples();
            ByteBuffer rows = data.slice(offset, len).order(ByteOrder.LITTLE_ENDIAN);
            offset += len;
            complete(p, new NamedTensor(out.name(), out.dtype(), shape, rows));
        }
    }

    private void complete(Pending p, NamedTensor t) {
        synchronized (this) {
            admitted--;
        }
        p.result().complete(t);
    }

    private void fail(Pending p, Throwable t) {
        synchronized (this) {
            admitted--;
        }
        p.result().completeExceptionally(t);
    }
}
