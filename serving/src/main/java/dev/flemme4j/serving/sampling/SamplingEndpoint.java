package dev.flemme4j.serving.sampling;

import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import dev.flemme4j.protocol.diffusion.InvalidSampleRequestException;
import dev.flemme4j.serving.api.ApiException;
import dev.flemme4j.serving.api.ErrorReason;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/models/{name}/sample}: runs the shared sampler around the model's ONNX eps-model through the
 * {@link SampleService} (its sampling threads, never the event loop). Answers a PNG grid ({@code format: png}, default) or a tensor record
 * ({@code format: tensor}); with {@code Accept: text/event-stream} it streams {@code progress} events after every
 * step, {@code preview} events (a PNG grid of x̂0, base64) every {@code preview_every} steps, then one
 * {@code result} event. Bad requests get HTTP 400 naming the field.
 */
public final class SamplingEndpoint implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(SamplingEndpoint.class);
    private final SampleService service;

    public SamplingEndpoint(SampleService service) {
        this.service = service;
    }

    /** Adds the route (the one line a server needs). */
    public static void mount(Router router, SampleService service, long maxBodyBytes) {
        router.post("/v1/models/:name/" + SampleService.ENDPOINT).handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .handler(new SamplingEndpoint(service));
    }

    @Override
    public void handle(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        try {
            boolean stream = String.valueOf(ctx.request().getHeader("Accept")).contains("text/event-stream");
            Context vertxContext = ctx.vertx().getOrCreateContext();
            HttpServerResponse response = ctx.response();
            SseWriter sse = stream ? new SseWriter(vertxContext, response) : null;
            JsonObject body = body(ctx);
            SampleService.Run[] run = {null};
            run[0] = service.prepare(name, body, sse == null ? null : (step, total, x0) -> sse.progress(step, total, x0, run[0].settings()));
            if (sse != null) {
                sse.start(run[0].previewEvery());
            }
            service.execute(run[0]).whenComplete((sample, failure) -> vertxContext.runOnContext(v -> {
                if (failure != null) {
                    ApiException e = failure instanceof ApiException a ? a
                            : new ApiException(500, ErrorReason.INTERNAL, "server", "sampling failed: " + failure.getMessage());
                    LOG.error("sampling {} failed: {}", name, e.getMessage());
                    if (sse != null) {
                        sse.error(e.getMessage());
                    } else if (!response.ended()) {
                        reply(ctx, e);
                    }
                } else if (sse != null) {
                    sse.result(sample.contentType(), sample.bytes());
                } else if (!response.ended()) {
                    response.putHeader("Content-Type", sample.contentType()).end(Buffer.buffer(sample.bytes()));
                }
            }));
        } catch (InvalidSampleRequestException e) {
            reply(ctx, new ApiException(400, ErrorReason.BAD_TENSOR, e.field(), e.getMessage()));
        } catch (ApiException e) {
            reply(ctx, e);
        } catch (Exception e) {
            LOG.error("sampling request for {} failed", name, e);
            reply(ctx, new ApiException(500, ErrorReason.INTERNAL, "server", "internal error: " + e.getMessage()));
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
        void progress(int step, int total, float[] x0, DiffusionSettings s) {
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
