package dev.flemme4j.protocol.diffusion;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * Everything a sampler needs besides the eps-model itself, as it travels in a model's manifest: the process
 * ({@code ddpm}/{@code ddim} share the discrete schedule; {@code edm} uses σ), its constants, the default sampler
 * and its defaults, and the guidance default. Key names follow Flemme's YAML.
 *
 * @param sampleShape    one sample without the batch, channels first, e.g. {@code [1, 28, 28]}
 * @param conditionShape one condition without the batch, or null for an unconditional eps-model
 * @param guidable       whether classifier-free guidance can be applied (a conditional model whose condition is
 *                       not concatenated); {@code guidanceWeight} is its default w (0 = off)
 * @param unconditionalOnnxFile the eps-model exported without {@code c} (upstream's {@code c = None}), beside the
 *                       main ONNX file, for the unconditional pass of guidance; null when not exported
 * @param guidanceOnnxFile the eps-model exported with a per-sample condition mask input {@code c_keep} (1 keeps
 *                       the condition, 0 is {@code c = None}), so guidance evaluates both halves as one batch of 2n;
 *                       null when the model cannot mask exactly (then guidance takes two evaluations per step)
 */
@JsonPropertyOrder({"model", "sampler", "num_steps", "beta_schedule", "parameterization", "clipped", "clip_range",
        "num_sample_steps", "sample_discretize", "eta", "sigma_min", "sigma_max", "sigma_data", "rho", "S_churn", "S_min",
        "S_max", "S_noise", "sample_shape", "condition_shape", "num_classes", "guidable", "guidance_weight", "unconditional_onnx_file",
        "guidance_onnx_file"})
public record DiffusionSettings(
        @JsonProperty("model") String model,
        @JsonProperty("sampler") String sampler,
        @JsonProperty("num_steps") int numSteps,
        @JsonProperty("beta_schedule") String betaSchedule,
        @JsonProperty("parameterization") String parameterization,
        @JsonProperty("clipped") boolean clipped,
        @JsonProperty("clip_range") List<Double> clipRange,
        @JsonProperty("num_sample_steps") int numSampleSteps,
        @JsonProperty("sample_discretize") String sampleDiscretize,
        @JsonProperty("eta") double eta,
        @JsonProperty("sigma_min") double sigmaMin,
        @JsonProperty("sigma_max") double sigmaMax,
        @JsonProperty("sigma_data") double sigmaData,
        @JsonProperty("rho") double rho,
        @JsonProperty("S_churn") double sChurn,
        @JsonProperty("S_min") double sMin,
        @JsonProperty("S_max") double sMax,
        @JsonProperty("S_noise") double sNoise,
        @JsonProperty("sample_shape") List<Integer> sampleShape,
        @JsonProperty("condition_shape") List<Integer> conditionShape,
        @JsonProperty("num_classes") int numClasses,
        @JsonProperty("guidable") boolean guidable,
        @JsonProperty("guidance_weight") double guidanceWeight,
        @JsonProperty("unconditional_onnx_file") String unconditionalOnnxFile,
        @JsonProperty("guidance_onnx_file") String guidanceOnnxFile) {

    public static final List<String> SAMPLERS = List.of("ddpm", "ddim", "edm");

    public DiffusionSettings {
        Objects.requireNonNull(model, "model");
        if (!SAMPLERS.contains(sampler)) {
            throw new IllegalArgumentException("invalid value '" + sampler + "' for sampler: one of " + SAMPLERS);
        }
        if (numSteps < 1) {
            throw new IllegalArgumentException("invalid value '" + numSteps + "' for num_steps: must be positive");
        }
        clipRange = clipRange == null ? List.of(-1.0, 1.0) : List.copyOf(clipRange);
        sampleShape = List.copyOf(sampleShape);
        conditionShape = conditionShape == null ? null : List.copyOf(conditionShape);
    }

    /** These settings with the unconditional graph's file name. */
    public DiffusionSettings withUnconditionalOnnxFile(String file) {
        return new DiffusionSettings(model, sampler, numSteps, betaSchedule, parameterization, clipped, clipRange, numSampleSteps,
                sampleDiscretize, eta, sigmaMin, sigmaMax, sigmaData, rho, sChurn, sMin, sMax, sNoise, sampleShape, conditionShape,
                numClasses, guidable, guidanceWeight, file, guidanceOnnxFile);
    }

    /** These settings with the masked graph's file name (guidance in one batch of 2n). */
    public DiffusionSettings withGuidanceOnnxFile(String file) {
        return new DiffusionSettings(model, sampler, numSteps, betaSchedule, parameterization, clipped, clipRange, numSampleSteps,
                sampleDiscretize, eta, sigmaMin, sigmaMax, sigmaData, rho, sChurn, sMin, sMax, sNoise, sampleShape, conditionShape,
                numClasses, guidable, guidanceWeight, unconditionalOnnxFile, file);
    }

    /** Whether the process is EDM (σ-parameterised) rather than the discrete DDPM/DDIM schedule. */
    public boolean edm() {
        return "edm".equals(sampler);
    }

    public boolean conditional() {
        return conditionShape != null;
    }

    public NoiseSchedule schedule() {
        return NoiseSchedule.of(BetaSchedule.of(betaSchedule), numSteps);
    }

    /** Floats in one sample. */
    public int sampleSize() {
        return sampleShape.stream().reduce(1, (a, b) -> a * b);
    }

    /** Floats in one condition (0 when unconditional). */
    public int conditionSize() {
        return conditionShape == null ? 0 : conditionShape.stream().reduce(1, (a, b) -> a * b);
    }

    /** The samplers this model can run: EDM only its own; DDPM/DDIM-trained models both discrete ones. */
    public List<String> samplers() {
        return edm() ? List.of("edm") : List.of("ddpm", "ddim");
    }
}
