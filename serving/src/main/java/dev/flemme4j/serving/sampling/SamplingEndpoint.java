package dev.flemme4j.serving.sampling;

import dev.flemme4j.protocol.diffusion.DiffusionSampler;
import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import dev.flemme4j.protocol.diffusion.InvalidSampleRequestException;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.model.Task;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.serving.api.ApiException;
import dev.flemme4j.serving.api.ErrorReason;
import dev.flemme4j.serving.model.ModelLease;
import dev.flemme4j.serving.model.ModelRegistry;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/models/{name}/sample}: runs the shared sampler around the model's ONNX eps-model on a sampling
 * thread (never the event loop). Answers a PNG grid ({@code format: png}, default) or a tensor record
 * ({@code format: tensor}); with {@code Accept: text/event-stream} it streams {@code progress} events after every
 * step, {@code preview} events (a PNG grid of x̂0, base64) every {@code preview_every} steps, then one
 * {@code result} event. Bad requests get HTTP 400 naming the field.
 */
public final class SamplingEndpoint implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(SamplingEndpoint.class);
    public static final int DEFAULT_MAX_SAMPLES = 64;

    private final ModelRegistry registry;
    private final SamplingSessions sessions;
    private final ExecutorService threads;
    private final int maxSamples;

    public SamplingEndpoint(ModelRegistry registry, ai.onnxruntime.OrtEnvironment env, int threads, int maxSamples) {
        this.registry = registry;
        this.sessions = new SamplingSessions(env);
        this.threads = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "flemme-sampling");
            t.setDaemon(true);
            return t;
        });
        this.maxSamples = maxSamples;
    }

    /** Adds the route (the one line a server needs). */
    public static void mount(Router router, ModelRegistry registry, long maxBodyBytes) {
        SamplingEndpoint endpoint = new SamplingEndpoint(registry, ai.onnxruntime.OrtEnvironment.getEnvironment(), 1,
                DEFAULT_MAX_SAMPLES);
        router.post("/v1/models/:name/sample").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes)).handler(endpoint);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Optional<ModelLease> lease = registry.lease(name);
        if (lease.isEmpty()) {
            reply(ctx, new ApiException(404, ErrorReason.UNKNOWN_MODEL, "name", "no model named '" + name + "'"));
            return;
        }
        ModelLease held = lease.get();
        try {
            ModelManifest m = held.model().manifest();
            if (m.task() != Task.SAMPLE || m.diffusion() == null) {
                throw new ApiException(400, ErrorReason.WRONG_TASK, "name", "model '" + name + "' is a " + m.task()
                        + " model; /sample needs a diffusion model");
            }
            DiffusionSettings s = m.diffusion();
            boolean stream = String.valueOf(ctx.request().getHeader("Accept")).contains("text/event-stream");
            Context vertxContext = ctx.vertx().getOrCreateContext();
            HttpServerResponse response = ctx.response();
            SseWriter sse = stream ? new SseWriter(vertxContext, response) : null;
            JsonObject body = body(ctx);
            SampleRequestParser.Parsed p = SampleRequestParser.parse(body, s, maxSamples, sse == null ? null
                    : (step, total, x0) -> sse.progress(step, total, x0, s, body));
            DiffusionSampler sampler = new DiffusionSampler(s, sessions.eps(m, held.model().directory()));
            sampler.check(p.request());
            if (p.format().equals("png") && !SampleImages.drawable(s)) {
                throw new InvalidSampleRequestException("format", "samples of shape " + s.sampleShape()
                        + " are not 2D images of 1 or 3 channels; ask for format: tensor");
            }
            if (sse != null) {
                sse.start(p.previewEvery());
            }
            threads.execute(() -> run(held, sampler, p, s, vertxContext, response, sse));
        } catch (InvalidSampleRequestException e) {
            held.close();
            reply(ctx, new ApiException(400, ErrorReason.BAD_TENSOR, e.field(), e.getMessage()));
        } catch (ApiException e) {
            held.close();
            reply(ctx, e);
        } catch (RejectedExecutionException e) {
            held.close();
            reply(ctx, new ApiException(503, ErrorReason.OVERLOADED, "request", "sampling queue is full"));
        } catch (Exception e) {
            held.close();
            LOG.error("sampling request for {} failed", name, e);
            reply(ctx, new ApiException(500, ErrorReason.INTERNAL, "server", "internal error: " + e.getMessage()));
        }
    }

    private void run(ModelLease lease, DiffusionSampler sampler, SampleRequestParser.Parsed p, DiffusionSettings s,
            Context context, HttpServerResponse response, SseWriter sse) {
        try (lease) {
            float[] x = sampler.sample(p.request());
            int n = p.request().n();
            boolean png = p.format().equals("png");
            byte[] bytes = png ? SampleImages.png(s, x, n) : TensorRecordCodec.standard().encode(SampleImages.tensor(s, x, n));
            String type = png ? "image/png" : TensorRecordCodec.MEDIA_TYPE;
            context.runOnContext(v -> {
                if (sse != null) {
                    sse.result(type, bytes);
                } else if (!response.ended()) {
                    response.putHeader("Content-Type", type).end(Buffer.buffer(bytes));
                }
            });
        } catch (RuntimeException e) {
            LOG.error("sampling failed", e);
            context.runOnContext(v -> {
                if (sse != null) {
                    sse.error(e.getMessage());
                } else if (!response.ended()) {
                    response.setStatusCode(500).putHeader("Content-Type", "application/json")
                            .end(new ApiException(500, ErrorReason.INTERNAL, "server", "sampling failed: " + e.getMessage()).toJson().encode());
                }
            });
        }
    }

    private static JsonObject body(RoutingContext ctx) {
        Buffer b = ctx.body().buffer();
        if (b == null || b.length() == 0) {
            return new JsonObject();
        }
        try {
            return b.toJsonObject();
        } catch (DecodeException e) {
            throw new InvalidSampleRequestException("body", "expected a JSON object: " + e.getMessage());
        }
    }

    private static void reply(RoutingContext ctx, ApiException e) {
        ctx.response().setStatusCode(e.status()).putHeader("Content-Type", "application/json").end(e.toJson().encode());
    }

    /** Server-sent events on the response; every write hops to the request's context. */
    private static final class SseWriter {
        private final Context context;
        private final HttpServerResponse response;
        private int previewEvery = 1;

        SseWriter(Context context, HttpServerResponse response) {
            this.context = context;
            this.response = response;
        }

        void start(int every) {
            previewEvery = every;
            response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
            response.write(": sampling started\n\n");
        }

        /** Sampling thread: the x̂0 preview is rendered here, not on the event loop. */
        void progress(int step, int total, float[] x0, DiffusionSettings s, JsonObject body) {
            JsonObject data = new JsonObject().put("step", step).put("total", total);
            String preview = null;
            if ((step % previewEvery == 0 || step == total) && SampleImages.drawable(s)) {
                int n = x0.length / s.sampleSize();
                preview = Base64.getEncoder().encodeToString(SampleImages.png(s, x0, n));
            }
            String event = "event: progress\ndata: " + data.encode() + "\n\n"
                    + (preview == null ? "" : "event: preview\ndata: " + data.copy().put("png", preview).encode() + "\n\n");
            context.runOnContext(v -> {
                if (!response.ended()) {
                    response.write(event);
                }
            });
        }

        void result(String type, byte[] bytes) {
            if (!response.ended()) {
                JsonObject data = new JsonObject().put("content_type", type).put("data", Base64.getEncoder().encodeToString(bytes));
                response.end("event: result\ndata: " + data.encode() + "\n\n");
            }
        }

        void error(String message) {
            if (!response.ended()) {
                response.end("event: error\ndata: " + new JsonObject().put("message", message).encode() + "\n\n");
            }
        }
    }
}
