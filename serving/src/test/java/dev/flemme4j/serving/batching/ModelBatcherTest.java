package dev.flemme4j.serving.batching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.serving.api.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelBatcherTest {

    private static NamedTensor rows(int n, float base) {
        float[] x = new float[n * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = base + i;
        }
        return NamedTensor.ofFloats("input", new long[] {n, 3}, x);
    }

    // y = 2x + 1, row by row: a wrong split shows as wrong values in some request's rows
    private static NamedTensor affine(NamedTensor batch) {
        float[] x = batch.toFloatArray();
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * x[i] + 1;
        }
        return NamedTensor.ofFloats("out", batch.shape(), x);
    }

    @Test
    void concurrentRequestsShareRunsAndGetTheirOwnRowsBack() throws Exception {
        List<Integer> sizes = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        ModelBatcher b = new ModelBatcher("t", new BatchPolicy(8, Duration.ZERO, 100), 1, batch -> {
            if (runs.getAndIncrement() == 0) {
                gate.await(5, TimeUnit.SECONDS); // hold the first run so the others queue up behind it
            }
            return affine(batch);
        }, sizes::add);
        List<CompletableFuture<NamedTensor>> results = new ArrayList<>();
        List<NamedTensor> inputs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            NamedTensor in = rows(1 + i % 3, i * 100);
            inputs.add(in);
            results.add(b.submit(in));
        }
        gate.countDown();
        for (int i = 0; i < inputs.size(); i++) {
            assertArrayEquals(affine(inputs.get(i)).toFloatArray(), results.get(i).get(5, TimeUnit.SECONDS).toFloatArray(), "request " + i);
        }
        assertTrue(runs.get() < 20, "20 requests in " + runs.get() + " runs");
        assertTrue(sizes.stream().allMatch(s -> s <= 8), "batch sizes " + sizes);
        assertEquals(inputs.stream().mapToLong(t -> t.dim(0)).sum(), sizes.stream().mapToInt(Integer::intValue).sum());
        b.shutdown();
    }

    @Test
    void maxBatchOneRunsEveryRequestAlone() throws Exception {
        List<Integer> sizes = java.util.Collections.synchronizedList(new ArrayList<>());
        ModelBatcher b = new ModelBatcher("t", BatchPolicy.OFF, 2, ModelBatcherTest::affine, sizes::add);
        List<CompletableFuture<NamedTensor>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(b.submit(rows(1, i)));
        }
        for (CompletableFuture<NamedTensor> r : results) {
            r.get(5, TimeUnit.SECONDS);
        }
        assertEquals(10, sizes.size());
        b.shutdown();
    }

    @Test
    void maxDelayWaitsForCompanions() throws Exception {
        List<Integer> sizes = java.util.Collections.synchronizedList(new ArrayList<>());
        ModelBatcher b = new ModelBatcher("t", new BatchPolicy(4, Duration.ofMillis(300), 100), 1, ModelBatcherTest::affine, sizes::add);
        CompletableFuture<NamedTensor> first = b.submit(rows(1, 0));
        Thread.sleep(20);
        CompletableFuture<NamedTensor> second = b.submit(rows(1, 1));
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(2), sizes, "the second request arrived within max_delay and joined the first");
        b.shutdown();
    }

    @Test
    void fullQueueIsRefusedWith429AndRetryAfter() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        ModelBatcher b = new ModelBatcher("t", new BatchPolicy(1, Duration.ZERO, 2), 1, batch -> {
            gate.await(5, TimeUnit.SECONDS);
            return affine(batch);
        }, n -> { });
        CompletableFuture<NamedTensor> a = b.submit(rows(1, 0));
        CompletableFuture<NamedTensor> c = b.submit(rows(1, 1));
        CompletableFuture<NamedTensor> refused = b.submit(rows(1, 2));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> refused.get(1, TimeUnit.SECONDS));
        ApiException api = assertInstanceOf(ApiException.class, e.getCause());
        assertEquals(429, api.status());
        assertEquals(1, api.retryAfterSeconds());
        gate.countDown();
        a.get(5, TimeUnit.SECONDS);
        c.get(5, TimeUnit.SECONDS);
        assertEquals(0, b.admitted());
        b.submit(rows(1, 3)).get(5, TimeUnit.SECONDS); // room again
        b.shutdown();
    }

    @Test
    void afterShutdownQueuedWorkFinishesAndLateRequestsStillRun() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        ModelBatcher b = new ModelBatcher("t", new BatchPolicy(1, Duration.ZERO, 10), 1, batch -> {
            gate.await(5, TimeUnit.SECONDS);
            return affine(batch);
        }, n -> { });
        CompletableFuture<NamedTensor> queued1 = b.submit(rows(1, 0));
        CompletableFuture<NamedTensor> queued2 = b.submit(rows(1, 1));
        b.shutdown();
        gate.countDown();
        assertArrayEquals(affine(rows(1, 1)).toFloatArray(), queued2.get(5, TimeUnit.SECONDS).toFloatArray());
        queued1.get(5, TimeUnit.SECONDS);
        Thread.sleep(100); // workers gone
        assertArrayEquals(affine(rows(2, 5)).toFloatArray(), b.submit(rows(2, 5)).get(5, TimeUnit.SECONDS).toFloatArray());
    }

    @Test
    void aFailingRunFailsOnlyItsBatch() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ModelBatcher b = new ModelBatcher("t", BatchPolicy.OFF, 1, batch -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
            return affine(batch);
        }, n -> { });
        CompletableFuture<NamedTensor> bad = b.submit(rows(1, 0));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> bad.get(5, TimeUnit.SECONDS));
        assertEquals("boom", e.getCause().getMessage());
        b.submit(rows(1, 1)).get(5, TimeUnit.SECONDS);
        b.shutdown();
    }
}
