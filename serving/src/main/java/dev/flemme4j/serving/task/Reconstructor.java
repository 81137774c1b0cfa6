package dev.flemme4j.serving.task;

import dev.flemme4j.protocol.image.ImageCodec;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.model.Task;
import dev.flemme4j.protocol.tensor.DType;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.serving.ort.OnnxModel;

/**
 * {@code POST /v1/models/{name}/reconstruct} for AE, HAE and VAE models, whose output is an image (N, C, *S).
 * A PNG/JPEG gives the reconstruction as a PNG (see {@link ReconstructionImage}); a tensor record with "input"
 * gives a tensor record with "recon", raw (still normalized, not clamped).
 */
public final class Reconstructor extends ModelTaskRunner {

    public static final String ENDPOINT = "reconstruct";
    public static final String RECON = "recon";

    public Reconstructor(RequestInputs inputs) {
        super(Task.RECONSTRUCT, ENDPOINT, inputs);
    }

    @Override
    public InferenceJob plan(InferenceRequest request) {
        OnnxModel model = request.model();
        ModelManifest manifest = model.manifest();
        if (request.image()) {
            return calls -> calls.onCpu(() -> inputs.fromImage(manifest, request.body()).tensor())
                    .thenCompose(calls::run)
                    .thenApplyAsync(recon -> new InferenceReply("image/png",
                            ImageCodec.encodePng(new ReconstructionImage(manifest).render(checked(manifest, recon), 0)), 1), calls.cpu());
        }
        return calls -> calls.onCpu(() -> inputs.fromTensorRecord(manifest, request.body()))
                .thenCompose(calls::run)
                .thenApplyAsync(recon -> {
                    checked(manifest, recon);
                    byte[] body = inputs.tensorCodec().encode(TensorRecord.of(new NamedTensor(RECON, DType.FLOAT32, recon.shape(), recon.data())));
                    return new InferenceReply(TensorRecordCodec.MEDIA_TYPE, body, (int) recon.dim(0));
                }, calls.cpu());
    }

    private static NamedTensor checked(ModelManifest manifest, NamedTensor recon) {
        if (recon.dtype() != DType.FLOAT32 || recon.rank() < 3) {
            throw new IllegalStateException("model " + manifest.name() + " output " + recon + " is not an (N, C, *S) float32 image");
        }
        return recon;
    }
}
