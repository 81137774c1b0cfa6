package dev.flemme4j.serving.inference;

import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.serving.api.ApiException;
import dev.flemme4j.serving.api.ErrorReason;
import dev.flemme4j.serving.api.InferenceMetrics;
import dev.flemme4j.serving.batching.InferenceExecutor;
import dev.flemme4j.serving.model.ModelLease;
import dev.flemme4j.serving.model.ModelRegistry;
import dev.flemme4j.serving.sampling.EnsembleCalls;
import dev.flemme4j.serving.ort.RunTimeoutException;
import dev.flemme4j.serving.task.InferenceReply;
import dev.flemme4j.serving.task.InferenceRequest;
import dev.flemme4j.serving.task.ModelCalls;
import dev.flemme4j.serving.task.TaskRunner;
import dev.flemme4j.serving.task.TaskRunners;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one {@link InferenceCall}: leases the model (404 unknown, 409 wrong version or task), checks the media
 * type (415) and body (400), lets the task runner plan it, runs it on the CPU pool and the version's batcher,
 * and fails it with 504 after the request timeout. Failures are {@link ApiException}s with status, field and
 * {@code Retry-After} where a retry can help. Counts every call. Never blocks the calling thread.
 */
public final class InferenceService {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceService.class);

    private final ModelRegistry registry;
    private final InferenceExecutor cpu;
    private final TaskRunners runners;
    private final InferenceMetrics metrics;
    private final Duration requestTimeout;

    public InferenceService(ModelRegistry registry, InferenceExecutor cpu, TaskRunners runners, InferenceMetrics metrics, Duration requestTimeout) {
        this.registry = registry;
        this.cpu = cpu;
        this.runners = runners;
        this.metrics = metrics;
        this.requestTimeout = requestTimeout;
    }

    public TaskRunners runners() {
        return runners;
    }

    /** Completes (on a pool or batcher thread) with the answer, or with an {@link ApiException}. */
    public CompletableFuture<InferenceResult> infer(InferenceCall call) {
        long start = System.nanoTime();
        Optional<ModelLease> found = registry.lease(call.model());
        if (found.isEmpty()) {
            String endpoint = call.endpoint() == null ? "any" : call.endpoint();
            metrics.requested(InferenceMetrics.UNKNOWN_MODEL, endpoint);
            return reject(InferenceMetrics.UNKNOWN_MODEL, endpoint, new ApiException(404, ErrorReason.UNKNOWN_MODEL, "name",
                    "no model named '" + call.model() + "' is loaded (loaded: " + registry.manifests().stream().map(ModelManifest::name).toList() + ")"));
        }
        ModelLease lease = found.get();
        ModelManifest manifest = lease.model().manifest();
        String name = manifest.name();
        TaskRunner runner;
        CompletableFuture<InferenceReply> work;
        try {
            runner = runnerFor(call, manifest);
        } catch (ApiException e) {
            lease.close();
            String endpoint = call.endpoint() == null ? "any" : call.endpoint();
            metrics.requested(name, endpoint);
            return reject(name, endpoint, e);
        }
        String endpoint = runner.endpoint();
        metrics.requested(name, endpoint);
        try {
            work = start(call, lease, runner);
        } catch (ApiException e) {
            lease.close();
            return reject(name, endpoint, e);
        } catch (RejectedExecutionException e) {
            lease.close();
            return reject(name, endpoint, toApiException(e, name, endpoint));
        } catch (RuntimeException e) {
            lease.close();
            return reject(name, endpoint, internal(name, endpoint, e));
        }
        // the lease goes when the work really ends, not at the timeout: the session must outlive a late ORT run
        work.whenComplete((r, t) -> lease.close());
        // the timeout goes on a copy: orTimeout completes its own future, which must not release the lease early
        return work.copy().orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).handle((reply, t) -> {
            if (t == null) {
                metrics.succeeded(name, endpoint, System.nanoTime() - start, reply.batchSize());
                return new InferenceResult(reply, name, manifest.version(), System.nanoTime());
            }
            ApiException e = toApiException(unwrap(t), name, endpoint);
            metrics.failed(name, endpoint, e.reason());
            throw new CompletionException(e);
        });
    }

    private TaskRunner runnerFor(InferenceCall call, ModelManifest manifest) {
        if (call.version() != null && call.version() != manifest.version()) {
            throw new ApiException(409, ErrorReason.UNKNOWN_MODEL, "version", "model '" + manifest.name() + "' serves version "
                    + manifest.version() + ", not the requested " + call.version());
        }
        Optional<TaskRunner> forTask = runners.forTask(manifest.task());
        String task = manifest.task().name().toLowerCase(Locale.ROOT);
        if (call.endpoint() == null) {
            return forTask.orElseThrow(() -> new ApiException(409, ErrorReason.WRONG_TASK, "name", "no serving endpoint answers " + task + " models"));
        }
        if (forTask.isPresent() && forTask.get().endpoint().equals(call.endpoint())) {
            return forTask.get();
        }
        String where = runners.pathFor(manifest.name(), manifest.task()).map(path -> "; send it to POST " + path)
                .orElse("; no serving endpoint answers " + task + " models");
        throw new ApiException(409, ErrorReason.WRONG_TASK, "name", "model '" + manifest.name() + "' is a " + task
                + " model and does not answer /" + call.endpoint() + where);
    }

    private CompletableFuture<InferenceReply> start(InferenceCall call, ModelLease lease, TaskRunner runner) {
        String mediaType = mediaType(call.contentType());
        boolean image = mediaType.equals("image/png") || mediaType.equals("image/jpeg") || mediaType.equals("image/jpg");
        if (!image && !mediaType.equals(TensorRecordCodec.MEDIA_TYPE)) {
            throw new ApiException(415, ErrorReason.UNSUPPORTED_MEDIA_TYPE, "Content-Type", "Content-Type '" + mediaType
                    + "' is not supported; send image/png, image/jpeg or " + TensorRecordCodec.MEDIA_TYPE);
        }
        if (call.body() == null || call.body().length == 0) {
            throw new ApiException(400, image ? ErrorReason.BAD_IMAGE : ErrorReason.BAD_TENSOR, "body", "request body is empty");
        }
        InferenceRequest request = new InferenceRequest(lease.model(), call.body(), image, call.query(), call.accept());
        String model = lease.model().manifest().name();
        // every hand-off to the pool is timed from submit to start: a busy pool shows up as cpu_queue, not as decode
        Executor timedCpu = command -> {
            long submitted = System.nanoTime();
            cpu.execute(() -> {
                metrics.phase(model, InferenceMetrics.CPU_QUEUE, System.nanoTime() - submitted);
                command.run();
            });
        };
        ModelCalls calls = lease.model().manifest().supervised() != null ? new EnsembleCalls(lease.model(), cpu) : new ModelCalls() {
            @Override
            public Executor cpu() {
                return timedCpu;
            }

            @Override
            public void phase(String phase, long nanos) {
                metrics.phase(model, phase, nanos);
            }

            @Override
            public CompletableFuture<NamedTensor> run(NamedTensor input) {
                return lease.batcher().submit(input);
            }
        };
        return runner.plan(request).start(calls).toCompletableFuture();
    }

    private static String mediaType(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private ApiException toApiException(Throwable t, String name, String endpoint) {
        if (t instanceof ApiException e) {
            return e;
        }
        if (t instanceof TimeoutException) {
            return new ApiException(504, ErrorReason.TIMEOUT, "model", "no answer from model " + name + " within "
                    + requestTimeout.toMillis() + " ms").retryAfter(1);
        }
        if (t instanceof RunTimeoutException) {
            return new ApiException(504, ErrorReason.TIMEOUT, "model", t.getMessage());
        }
        if (t instanceof RejectedExecutionException) {
            return new ApiException(503, ErrorReason.OVERLOADED, "body", "server is at capacity (" + cpu.describeLoad() + "); retry later").retryAfter(1);
        }
        return internal(name, endpoint, t);
    }

    private static ApiException internal(String name, String endpoint, Throwable t) {
        LOG.error("{} with model {} failed", endpoint, name, t);
        return new ApiException(500, ErrorReason.INTERNAL, "model", "inference failed: " + t.getMessage());
    }

    private CompletableFuture<InferenceResult> reject(String modelTag, String endpoint, ApiException e) {
        metrics.failed(modelTag, endpoint, e.reason());
        return CompletableFuture.failedFuture(e);
    }
}
