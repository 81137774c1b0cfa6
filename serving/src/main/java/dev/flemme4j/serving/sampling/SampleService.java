package dev.flemme4j.serving.sampling;

import ai.onnxruntime.OrtEnvironment;
import dev.flemme4j.protocol.diffusion.DiffusionSampler;
import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import dev.flemme4j.protocol.diffusion.InvalidSampleRequestException;
import dev.flemme4j.protocol.diffusion.SamplingListener;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.model.Task;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.serving.api.ApiException;
import dev.flemme4j.serving.api.ErrorReason;
import dev.flemme4j.serving.model.ModelLease;
import dev.flemme4j.serving.model.ModelRegistry;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The transport-independent core of sampling, shared by {@code POST /v1/models/{name}/sample} and the Kafka
 * endpoint ({@code flemme-endpoint: sample}): checks a JSON request against the model (400 naming the field, 404,
 * wrong task) and runs it on the sampling threads, never on the caller's (an event loop or the Kafka poll loop).
 */
public final class SampleService implements AutoCloseable {
    /** The endpoint name of sampling, in the HTTP path and in Kafka's {@code flemme-endpoint} header. */
    public static final String ENDPOINT = "sample";

    private final ModelRegistry registry;
    private final SamplingSessions sessions;
    private final ExecutorService threads;
    private final int maxSamples;

    /** The finished samples: a PNG grid or a tensor record, and the model that made them. */
    public record Sample(String contentType, byte[] bytes, String model, int version) {
    }

    /** A checked request holding its model lease until {@link #execute} has run it. */
    public static final class Run {
        private final ModelLease lease;
        private final DiffusionSampler sampler;
        private final SampleRequestParser.Parsed parsed;
        private final OrtLatentDecoder decoder;
        private final String format;

        private Run(ModelLease lease, DiffusionSampler sampler, SampleRequestParser.Parsed parsed, OrtLatentDecoder decoder,
                String format) {
            this.lease = lease;
            this.sampler = sampler;
            this.parsed = parsed;
            this.decoder = decoder;
            this.format = format;
        }

        public int previewEvery() {
            return parsed.previewEvery();
        }

        public DiffusionSettings settings() {
            return sampler.settings();
        }
    }

    /**
     * @param threads    sampling runs at once; more wait in a queue of {@code queue}, beyond it 503
     * @param maxSamples the most samples ({@code n}) one request may ask for
     */
    public SampleService(ModelRegistry registry, OrtEnvironment env, int threads, int queue, int maxSamples) {
        this.registry = registry;
        this.sessions = new SamplingSessions(env);
        this.threads = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, "flemme-sampling");
            t.setDaemon(true);
            return t;
        });
        this.maxSamples = maxSamples;
    }

    public int maxSamples() {
        return maxSamples;
    }

    /**
     * Checks {@code body} against the model {@code name}.
     *
     * @param listener progress callback (SSE), or null
     * @throws ApiException 404 for an unknown model, 400 naming the field for anything the model cannot run
     */
    public Run prepare(String name, JsonObject body, SamplingListener listener) {
        Optional<ModelLease> lease = registry.lease(name);
        if (lease.isEmpty()) {
            throw new ApiException(404, ErrorReason.UNKNOWN_MODEL, "name", "no model named '" + name + "'");
        }
        ModelLease held = lease.get();
        try {
            ModelManifest m = held.model().manifest();
            if (m.task() != Task.SAMPLE || m.diffusion() == null) {
                throw new ApiException(400, ErrorReason.WRONG_TASK, "name", "model '" + name + "' is a " + m.task()
                        + " model; /sample needs a diffusion model");
            }
            DiffusionSettings s = m.diffusion();
            SampleRequestParser.Parsed p = SampleRequestParser.parse(body, s, maxSamples, listener);
            DiffusionSampler sampler = new DiffusionSampler(s, sessions.eps(m, held.model().directory()));
            sampler.check(p.request());
            OrtLatentDecoder decoder = sessions.decoder(m, held.model().directory());
            boolean points = decoder != null && decoder.spec().pointCloud();
            // a latent model's samples are what its decoder makes of the latents; point clouds default to PLY
            String format = points && !body.containsKey("format") ? "ply" : p.format();
            var shape = decoder == null ? s.sampleShape() : decoder.spec().outputShape();
            if (format.equals("png") && !SampleImages.drawable(shape)) {
                throw new InvalidSampleRequestException("format", "samples of shape " + shape
                        + " are not 2D images of 1 or 3 channels; ask for format: " + (points ? "ply or tensor" : "tensor"));
            }
            if (format.equals("ply") && !points) {
                throw new InvalidSampleRequestException("format", "ply is for point-cloud models (latent diffusion over a"
                        + " point-cloud auto-encoder); ask for format: png or tensor");
            }
            return new Run(held, sampler, p, decoder, format);
        } catch (InvalidSampleRequestException e) {
            held.close();
            throw new ApiException(400, ErrorReason.BAD_TENSOR, e.field(), e.getMessage());
        } catch (ApiException e) {
            held.close();
            throw e;
        } catch (Exception e) {
            held.close();
            throw new ApiException(500, ErrorReason.INTERNAL, "server", "internal error: " + e.getMessage());
        }
    }

    /** Runs a prepared request on a sampling thread; fails with 503 when the queue is full, 500 when sampling fails. */
    public CompletableFuture<Sample> execute(Run run) {
        CompletableFuture<Sample> done = new CompletableFuture<>();
        try {
            threads.execute(() -> {
                try (run.lease) {
                    float[] x = run.sampler.sample(run.parsed.request());
                    int n = run.parsed.request().n();
                    DiffusionSettings s = run.settings();
                    ModelManifest m = run.lease.model().manifest();
                    done.complete(render(run, s, x, n, m));
                } catch (InvalidSampleRequestException e) {
                    done.completeExceptionally(new ApiException(400, ErrorReason.BAD_TENSOR, e.field(), e.getMessage()));
                } catch (RuntimeException e) {
                    done.completeExceptionally(new ApiException(500, ErrorReason.INTERNAL, "server", "sampling failed: " + e.getMessage()));
                }
            });
        } catch (RejectedExecutionException e) {
            run.lease.close();
            done.completeExceptionally(new ApiException(503, ErrorReason.OVERLOADED, "request", "sampling queue is full"));
        }
        return done;
    }

    /** The samples as the request's format wants them; a latent model's are decoded first. */
    private static Sample render(Run run, DiffusionSettings s, float[] x, int n, ModelManifest m) {
        java.util.List<Integer> shape = s.sampleShape();
        java.util.List<Double> range = s.clipRange();
        if (run.decoder != null) {
            x = run.decoder.decode(x, n);
            shape = run.decoder.spec().outputShape();
            range = run.decoder.spec().valueRange();
        }
        return switch (run.format) {
            case "png" -> new Sample("image/png", SampleImages.png(shape, range, x, n), m.name(), m.version());
            case "ply" -> new Sample("application/json", SampleImages.plyJson(shape, x, n), m.name(), m.version());
            default -> new Sample(TensorRecordCodec.MEDIA_TYPE, TensorRecordCodec.standard().encode(SampleImages.tensor(shape, x, n)),
                    m.name(), m.version());
        };
    }

    /** {@link #prepare} then {@link #execute}; every failure arrives in the future as an {@link ApiException}. */
    public CompletableFuture<Sample> sample(String name, JsonObject body) {
        try {
            return execute(prepare(name, body, null));
        } catch (ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
        sessions.close();
    }
}
