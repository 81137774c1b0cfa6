package dev.flemme4j.serving.http;

import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.serving.api.ApiException;
import dev.flemme4j.serving.api.ErrorReason;
import dev.flemme4j.serving.api.InferenceMetrics;
import dev.flemme4j.serving.batching.InferenceExecutor;
import dev.flemme4j.serving.model.ModelLease;
import dev.flemme4j.serving.model.ModelRegistry;
import dev.flemme4j.serving.ort.OnnxModel;
import dev.flemme4j.serving.task.InferenceReply;
import dev.flemme4j.serving.task.InferenceRequest;
import dev.flemme4j.serving.task.TaskRunner;
import dev.flemme4j.serving.task.TaskRunners;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/models/{name}/{endpoint}} for one {@link TaskRunner}: leases the model, checks that its task
 * is this endpoint's (409 naming the right one if not), the content type and the body, hands the work to the
 * {@link InferenceExecutor} and answers. Counts every request and failure; never runs inference itself.
 */
public final class InferenceEndpoint implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceEndpoint.class);

    private final ModelRegistry registry;
    private final InferenceExecutor executor;
    private final TaskRunner runner;
    private final TaskRunners runners;
    private final InferenceMetrics metrics;

    public InferenceEndpoint(ModelRegistry registry, InferenceExecutor executor, TaskRunner runner, TaskRunners runners, InferenceMetrics metrics) {
        this.registry = registry;
        this.executor = executor;
        this.runner = runner;
        this.runners = runners;
        this.metrics = metrics;
    }

    /** Last path segment of the route and the {@code endpoint} metric tag. */
    public String endpoint() {
        return runner.endpoint();
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        String name = ctx.pathParam("name");
        Optional<ModelLease> found = registry.lease(name);
        if (found.isEmpty()) {
            metrics.requested(InferenceMetrics.UNKNOWN_MODEL, runner.endpoint());
            reject(ctx, InferenceMetrics.UNKNOWN_MODEL, new ApiException(404, ErrorReason.UNKNOWN_MODEL, "name",
                    "no model named '" + name + "' is loaded (loaded: " + registry.manifests().stream().map(m -> m.name()).toList() + ")"));
            return;
        }
        ModelLease lease = found.get();
        metrics.requested(name, runner.endpoint());
        Future<InferenceReply> work;
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
                InferenceReply reply = ar.result();
                metrics.succeeded(name, runner.endpoint(), System.nanoTime() - start, reply.batchSize());
                ctx.response().putHeader("Content-Type", reply.contentType())
                        .putHeader("X-Flemme-Model-Version", Integer.toString(lease.model().manifest().version()))
                        .end(Buffer.buffer(reply.body()));
            } else if (ar.cause() instanceof ApiException e) {
                reject(ctx, name, e);
            } else {
                LOG.error("{} with model {} failed", runner.endpoint(), name, ar.cause());
                reject(ctx, name, new ApiException(500, ErrorReason.INTERNAL, "model", "inference failed: " + ar.cause().getMessage()));
            }
        });
    }

    private Future<InferenceReply> submit(RoutingContext ctx, ModelLease lease) {
        OnnxModel model = lease.model();
        checkTask(model.manifest());
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
        Callable<InferenceReply> task = runner.plan(new InferenceRequest(model, body.getBytes(), image, ctx.queryParams(),
                ctx.request().getHeader("Accept")));
        return executor.submit(ctx.vertx().getOrCreateContext(), task);
    }

    // 409: the request is well formed but conflicts with what the loaded model is.
    private void checkTask(ModelManifest manifest) {
        if (manifest.task() == runner.task()) {
            return;
        }
        String task = manifest.task().name().toLowerCase(Locale.ROOT);
        String where = runners.pathFor(manifest.name(), manifest.task())
                .map(path -> "; send it to POST " + path)
                .orElse("; no serving endpoint answers " + task + " models");
        throw new ApiException(409, ErrorReason.WRONG_TASK, "name", "model '" + manifest.name() + "' is a " + task
                + " model and does not answer /" + runner.endpoint() + where);
    }

    private static String mediaType(RoutingContext ctx) {
        String header = ctx.request().getHeader("Content-Type");
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private void reject(RoutingContext ctx, String modelTag, ApiException e) {
        metrics.failed(modelTag, runner.endpoint(), e.reason());
        HttpReplies.error(ctx, e);
    }
}
