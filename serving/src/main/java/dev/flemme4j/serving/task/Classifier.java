package dev.flemme4j.serving.task;

import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.model.Postprocessing;
import dev.flemme4j.protocol.model.Task;
import dev.flemme4j.protocol.tensor.DType;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.serving.ort.OnnxModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /v1/models/{name}/classify} for ClM models, whose output is class logits (N, K). A PNG/JPEG (one
 * sample) gives JSON {@code {model, version, predictions: [{class, probabilities}]}} with the softmax over K and
 * its argmax. A tensor record with "input" gives a tensor record of "cls_logits" (N, K), "probabilities" (N, K)
 * and "class" (N) int64 — or the JSON answer when the request's Accept header asks for application/json only.
 * Classes are indices: manifests carry no class names yet.
 */
public final class Classifier extends ModelTaskRunner {

    public static final String ENDPOINT = "classify";
    public static final String LOGITS = "cls_logits";
    public static final String PROBABILITIES = "probabilities";
    public static final String CLASS = "class";

    public Classifier(RequestInputs inputs) {
        super(Task.CLASSIFY, ENDPOINT, inputs);
    }

    @Override
    public InferenceJob plan(InferenceRequest request) {
        OnnxModel model = request.model();
        ModelManifest manifest = model.manifest();
        Postprocessing post = manifest.postprocessing();
        if (post != null && post.kind() != Postprocessing.Kind.ARGMAX) {
            // the worker exports classifiers with argmax; anything else is a manifest this endpoint cannot honour
            throw new IllegalStateException("model " + manifest.name() + " has postprocessing " + post.kind()
                    + "; /classify answers argmax classifiers only");
        }
        boolean image = request.image();
        boolean json = image || request.acceptsOnlyJson();
        return calls -> calls.onCpu(() -> image ? inputs.fromImage(manifest, request.body()).tensor() : inputs.fromTensorRecord(manifest, request.body()))
                .thenCompose(calls::run)
                .thenApplyAsync(logits -> reply(manifest, logits, json), calls.cpu());
    }

    private InferenceReply reply(ModelManifest manifest, NamedTensor logits, boolean json) {
        if (logits.dtype() != DType.FLOAT32 || logits.rank() != 2) {
            throw new IllegalStateException("model " + manifest.name() + " output " + logits + " is not (N, K) float32 logits");
        }
        long[] shape = logits.shape();
        int n = (int) shape[0], k = (int) shape[1];
        float[] probabilities = logits.toFloatArray();
        ChannelSoftmax.apply(probabilities, shape);
        long[] classes = new long[n];
        for (int b = 0; b < n; b++) {
            classes[b] = argmax(probabilities, b * k, k);
        }
        if (json) {
            JsonArray predictions = new JsonArray();
            for (int b = 0; b < n; b++) {
                JsonArray p = new JsonArray();
                for (int c = 0; c < k; c++) {
                    p.add(probabilities[b * k + c]);
                }
                predictions.add(new JsonObject().put(CLASS, classes[b]).put(PROBABILITIES, p));
            }
            JsonObject body = new JsonObject().put("model", manifest.name()).put("version", manifest.version()).put("predictions", predictions);
            return new InferenceReply("application/json", body.encode().getBytes(StandardCharsets.UTF_8), n);
        }
        TensorRecord out = TensorRecord.of(
                new NamedTensor(LOGITS, DType.FLOAT32, shape, logits.data()),
                NamedTensor.ofFloats(PROBABILITIES, shape, probabilities),
                NamedTensor.ofLongs(CLASS, new long[] {n}, classes));
        return new InferenceReply(TensorRecordCodec.MEDIA_TYPE, inputs.tensorCodec().encode(out), n);
    }

    // ties go to the lower index, as torch.argmax does on CPU
    private static int argmax(float[] x, int offset, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (x[offset + c] > x[offset + best]) {
                best = c;
            }
        }
        return best;
    }
}
