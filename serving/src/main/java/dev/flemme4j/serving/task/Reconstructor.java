package dev.flemme4j.serving.task;

import ai.onnxruntime.OrtException;
import dev.flemme4j.protocol.image.ImageCodec;
import dev.flemme4j.protocol.model.Task;
import dev.flemme4j.protocol.tensor.DType;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.serving.ort.OnnxModel;
import java.util.concurrent.Callable;

/**
 * {@code POST /v1/models/{name}/reconstruct} for AE, HAE and VAE models, whose output is an image (N, C, *S).
 * A PNG/JPEG gives the reconstruction as a PNG (see {@link ReconstructionImage}); a tensor record with "input"
 * gives a tensor record with "recon", raw (still normalized, not clamped).
 */
public final class Reconstructor implements TaskRunner {

    public static final String ENDPOINT = "reconstruct";
    public static final String RECON = "recon";

    private final RequestInputs inputs;

    public Reconstructor(RequestInputs inputs) {
        this.inputs = inputs;
    }

    @Override
    public Task task() {
        return Task.RECONSTRUCT;
    }

    @Override
    public String endpoint() {
        return ENDPOINT;
    }

    @Override
    public Callable<InferenceReply> plan(InferenceRequest request) {
        OnnxModel model = request.model();
        if (request.image()) {
            return () -> {
                NamedTensor recon = run(model, inputs.fromImage(model.manifest(), request.body()).tensor());
                byte[] png = ImageCodec.encodePng(new ReconstructionImage(model.manifest()).render(recon, 0));
                return new InferenceReply("image/png", png, 1);
            };
        }
        return () -> {
            NamedTensor recon = run(model, inputs.fromTensorRecord(model.manifest(), request.body()));
            byte[] body = inputs.tensorCodec().encode(TensorRecord.of(new NamedTensor(RECON, DType.FLOAT32, recon.shape(), recon.data())));
            return new InferenceReply(TensorRecordCodec.MEDIA_TYPE, body, (int) recon.dim(0));
        };
    }

    private static NamedTensor run(OnnxModel model, NamedTensor input) throws OrtException {
        NamedTensor recon = model.runPrimary(input);
        if (recon.dtype() != DType.FLOAT32 || recon.rank() < 3) {
            throw new IllegalStateException("model " + model.manifest().name() + " output " + recon + " is not an (N, C, *S) float32 image");
        }
        return recon;
    }
}
