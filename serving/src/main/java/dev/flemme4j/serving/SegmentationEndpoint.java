package dev.flemme4j.serving;

import dev.flemme4j.protocol.model.Task;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/models/{name}/segment}: a PNG/JPEG gives a PNG mask; a tensor record with "input" (N, C, H, W)
 * gives "seg_logits" and "mask" (and "probabilities" with {@code ?output=probabilities}). With
 * {@code ?size=original} the PNG mask is resized (nearest) to the uploaded image's size. The work runs on the
 * {@link InferenceExecutor}; this handler only routes, checks and answers.
 */
final class SegmentationEndpoint implements Handler<RoutingContext> {

    static final String ENDPOINT = "segment";
    private static final Logger LOG = LoggerFactory.getLogger(SegmentationEndpoint.class);

    private final ModelRegistry registry;
    private final InferenceExecutor executor;
    private final Segmenter segmenter;
    private final InferenceMetrics metrics;

    SegmentationEndpoint(ModelRegistry registry, InferenceExecutor executor, Segmenter segmenter, InferenceMetrics metrics) {
        this.registry = registry;
        this.executor = executor;
        this.segmenter = segmenter;
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        String name = ctx.pathParam("name");
        Optional<ModelLease> found = registry.lease(name);
        if (found.isEmpty()) {
            metrics.requested(InferenceMetrics.UNKNOWN_MODEL, ENDPOINT);
            reject(ctx, InferenceMetrics.UNKNOWN_MODEL, new ApiException(404, ErrorReason.UNKNOWN_MODEL, "name",
                    "no model named '" + name + "' is loaded (loaded: " + registry.manifests().stream().map(m -> m.name()).toList() + ")"));
            return;
        }
        ModelLease lease = found.get();
        metrics.requested(name, ENDPOINT);
        Future<Segmenter.Reply> work;
        try {
            work = submit(ctx, lease);
        } catch (ApiException e) {
            lease.close();
            reject(ctx, name, e);
            return;
        }
        work.onComplete(ar -> {
            lease.close();
            if (ar.succeeded()) {
                Segmenter.Reply reply = ar.result();
                metrics.succeeded(name, ENDPOINT, System.nanoTime() - start, reply.batchSize());
                ctx.response().putHeader("Content-Type", reply.contentType())
                        .putHeader("X-Flemme-Model-Version", Integer.toString(lease.model().manifest().version()))
                        .end(Buffer.buffer(reply.body()));
            } else if (ar.cause() instanceof ApiException e) {
                reject(ctx, name, e);
            } else {
                LOG.error("segmentation with model {} failed", name, ar.cause());
                reject(ctx, name, new ApiException(500, ErrorReason.INTERNAL, "model", "inference failed: " + ar.cause().getMessage()));
            }
        });
    }

    private Future<Segmenter.Reply> submit(RoutingContext ctx, ModelLease lease) {
        OnnxModel model = lease.model();
        if (model.manifest().task() != Task.SEGMENT) {
            throw new ApiException(400, ErrorReason.WRONG_TASK, "name", "model '" + model.manifest().name() + "' is a "
                    + model.manifest().task().name().toLowerCase(Locale.ROOT) + " model; it does not answer /segment");
        }
        String mediaType = mediaType(ctx);
        boolean image = mediaType.equals("image/png") || mediaType.equals("image/jpeg") || mediaType.equals("image/jpg");
        if (!image && !mediaType.equals(TensorRecordCodec.MEDIA_TYPE)) {
            throw new ApiException(415, ErrorReason.UNSUPPORTED_MEDIA_TYPE, "Content-Type", "Content-Type '" + mediaType
                    + "' is not supported; send image/png, image/jpeg or " + TensorRecordCodec.MEDIA_TYPE);
        }
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw new ApiException(400, image ? ErrorReason.BAD_IMAGE : ErrorReason.BAD_TENSOR, "body", "request body is empty");
        }
        byte[] bytes = body.getBytes();
        if (image) {
            boolean originalSize = queryChoice(ctx, "size", "model", "original").equals("original");
            return executor.submit(ctx.vertx().getOrCreateContext(), () -> segmenter.segmentImage(model, bytes, originalSize));
        }
        boolean probabilities = queryChoice(ctx, "output", "mask", "probabilities").equals("probabilities");
        return executor.submit(ctx.vertx().getOrCreateContext(), () -> segmenter.segmentTensor(model, bytes, probabilities));
    }

    private static String mediaType(RoutingContext ctx) {
        String header = ctx.request().getHeader("Content-Type");
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static String queryChoice(RoutingContext ctx, String param, String defaultValue, String other) {
        String value = ctx.queryParams().get(param);
        if (value == null || value.equals(defaultValue)) {
            return defaultValue;
        }
        if (value.equals(other)) {
            return other;
        }
        throw new ApiException(400, ErrorReason.BAD_TENSOR, param, "Invalid value '" + value + "' for query parameter " + param
                + ": expected " + defaultValue + " or " + other);
    }

    private void reject(RoutingContext ctx, String modelTag, ApiException e) {
        metrics.failed(modelTag, ENDPOINT, e.reason());
        HttpReplies.error(ctx, e);
    }
}
