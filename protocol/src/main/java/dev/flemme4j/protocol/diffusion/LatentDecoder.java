package dev.flemme4j.protocol.diffusion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * The decoder of a latent diffusion model (LDM, LDPM, LDIM) as it travels in the manifest: the sampling loop runs on
 * the latent ({@link DiffusionSettings#sampleShape()} is the latent's shape) and this graph turns the final latent
 * into data.
 *
 * @param onnxFile    the decoder graph beside the eps-model: input {@code z} {@code (batch, *latent_shape)}, one
 *                    output {@code (batch, *output_shape)}
 * @param latentShape one latent without the batch
 * @param outputShape one decoded sample without the batch (channels first for images, {@code (points, dims)} for
 *                    point clouds)
 * @param dataForm    {@code IMG} or {@code PCD} (Flemme's data_form): images render as a PNG grid, point clouds as PLY
 * @param valueRange  the data range a PNG maps to black..white (the training data's range after its transforms);
 *                    null for point clouds
 */
@JsonPropertyOrder({"onnx_file", "latent_shape", "output_shape", "data_form", "value_range"})
public record LatentDecoder(
        @JsonProperty("onnx_file") String onnxFile,
        @JsonProperty("latent_shape") List<Integer> latentShape,
        @JsonProperty("output_shape") List<Integer> outputShape,
        @JsonProperty("data_form") String dataForm,
        @JsonProperty("value_range") @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> valueRange) {
    public static final String IMAGE = "IMG";
    public static final String POINT_CLOUD = "PCD";

    public LatentDecoder {
        Objects.requireNonNull(onnxFile, "onnx_file");
        if (!onnxFile.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}") || onnxFile.contains("..")) {
            throw new IllegalArgumentException("invalid value '" + onnxFile + "' for onnx_file: a plain file name");
        }
        if (!IMAGE.equals(dataForm) && !POINT_CLOUD.equals(dataForm)) {
            throw new IllegalArgumentException("invalid value '" + dataForm + "' for data_form: IMG or PCD");
        }
        latentShape = List.copyOf(latentShape);
        outputShape = List.copyOf(outputShape);
        valueRange = valueRange == null ? null : List.copyOf(valueRange);
    }

    public boolean pointCloud() {
        return POINT_CLOUD.equals(dataForm);
    }

    /** Floats in one decoded sample. */
    public int outputSize() {
        return outputShape.stream().reduce(1, (a, b) -> a * b);
    }
}
