package dev.flemme4j.protocol.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import dev.flemme4j.protocol.diffusion.LatentDecoder;
import dev.flemme4j.protocol.diffusion.SupervisedSettings;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a model directory holds: {@code manifest.json} describing {@code model.onnx} beside it — who made it,
 * its tensor signature, how to prepare inputs and read outputs, and the sha256 that ties the two files
 * together. Written by the worker after export, read by serving before it loads anything.
 *
 * <p>Writers put the ONNX file in place first and the manifest last (atomically), so a directory with a
 * manifest is complete; {@link #verifyOnnxFile(Path)} catches anything else.
 */
@JsonPropertyOrder({"format", "name", "version", "job_id", "architecture", "task", "onnx_file", "sha256", "opset",
        "inputs", "outputs", "preprocessing", "postprocessing", "diffusion", "latent_decoder", "supervised", "created_at"})
public record ModelManifest(
        @JsonProperty("format") int format,
        @JsonProperty("name") String name,
        @JsonProperty("version") int version,
        @JsonProperty("job_id") String jobId,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("task") Task task,
        @JsonProperty("onnx_file") String onnxFile,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("opset") int opset,
        @JsonProperty("inputs") List<TensorSpec> inputs,
        @JsonProperty("outputs") List<TensorSpec> outputs,
        @JsonProperty("preprocessing") Preprocessing preprocessing,
        @JsonProperty("postprocessing") Postprocessing postprocessing,
        @JsonProperty("diffusion") @JsonInclude(JsonInclude.Include.NON_NULL) DiffusionSettings diffusion,
        @JsonProperty("latent_decoder") @JsonInclude(JsonInclude.Include.NON_NULL) LatentDecoder latentDecoder,
        @JsonProperty("supervised") @JsonInclude(JsonInclude.Include.NON_NULL) SupervisedSettings supervised,
        @JsonProperty("created_at") String createdAt) {

    public static final int FORMAT = 1;
    public static final String MANIFEST_FILE = "manifest.json";
    public static final String DEFAULT_ONNX_FILE = "model.onnx";

    // Names appear in URLs, metric tags and directory names: keep them boring.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ModelManifest {
        if (format != FORMAT) {
            throw new IllegalArgumentException("format " + format + " is not supported (this reader understands format " + FORMAT + ")");
        }
        require(name != null && NAME.matcher(name).matches(), "name", name, "1-64 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit");
        require(version >= 1, "version", version, "must be >= 1");
        Objects.requireNonNull(jobId, "job_id");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(task, "task");
        require(onnxFile != null && FILE_NAME.matcher(onnxFile).matches() && !onnxFile.contains(".."), "onnx_file", onnxFile,
                "a plain file name inside the model directory");
        require(sha256 != null && SHA256.matcher(sha256).matches(), "sha256", sha256, "64 lower-case hex digits");
        require(opset >= 1, "opset", opset, "must be >= 1");
        require(inputs != null && !inputs.isEmpty(), "inputs", inputs, "at least one input");
        require(outputs != null && !outputs.isEmpty(), "outputs", outputs, "at least one output");
        // preprocessing describes 2D images only; 3D segmentation models are served from tensor records
        require(task != Task.SEGMENT || postprocessing != null, "task", task, "segment models need postprocessing");
        require(task != Task.SAMPLE || diffusion != null, "task", task, "sample models need diffusion settings");
        require(supervised == null || diffusion != null && (task == Task.SEGMENT || task == Task.RECONSTRUCT), "supervised",
                supervised, "supervised diffusion needs diffusion settings and task segment or reconstruct");
        Objects.requireNonNull(createdAt, "created_at");
        try {
            Instant.parse(createdAt);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("created_at must be an ISO-8601 instant, got '" + createdAt + "'");
        }
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    private static void require(boolean ok, String field, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("invalid value '" + value + "' for " + field + ": " + rule);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The manifest of {@code dir/manifest.json}; does not look at the ONNX file (see {@link #verifyOnnxFile}). */
    public static ModelManifest read(Path dir) {
        Path file = dir.resolve(MANIFEST_FILE);
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ModelManifestException(file + " does not exist");
        } catch (IOException e) {
            throw new ModelManifestException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (ModelManifestException e) {
            throw new ModelManifestException(file + ": " + e.getMessage(), e);
        }
    }

    public static ModelManifest fromJson(String json) {
        try {
            JsonNode tree = JSON.readTree(json);
            // Jackson builds records before it reports unknown keys, so a misspelt key would surface as a
            // confusing "missing value" error; check the keys first to name the typo itself.
            rejectUnknownKeys(tree, ModelManifest.class, "");
            return JSON.treeToValue(tree, ModelManifest.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ModelManifestException("invalid manifest: " + cause.getMessage(), e);
        } catch (JsonMappingException e) {
            String at = e.getPath().isEmpty() ? "" : " (at " + jsonPath(e.getPath()) + ")";
            throw new ModelManifestException("invalid manifest: " + e.getOriginalMessage() + at, e);
        } catch (JsonProcessingException e) {
            throw new ModelManifestException("invalid manifest: " + e.getOriginalMessage(), e);
        }
    }

    private static final Map<String, Class<?>> NESTED = Map.of(
            "inputs", TensorSpec.class, "outputs", TensorSpec.class, "preprocessing", Preprocessing.class,
            "normalize", Preprocessing.Normalize.class, "postprocessing", Postprocessing.class,
            "diffusion", DiffusionSettings.class, "latent_decoder", LatentDecoder.class, "supervised", SupervisedSettings.class);

    private static void rejectUnknownKeys(JsonNode node, Class<?> type, String path) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                rejectUnknownKeys(node.get(i), type, path + "[" + i + "]");
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        Set<String> known = new TreeSet<>();
        for (RecordComponent c : type.getRecordComponents()) {
            JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
            known.add(p != null ? p.value() : c.getName());
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            String at = path.isEmpty() ? key : path + "." + key;
            if (!known.contains(key)) {
                throw new ModelManifestException("invalid manifest: unknown key '" + at + "' (valid keys here: " + known + ")");
            }
            Class<?> nested = NESTED.get(key);
            if (nested != null) {
                rejectUnknownKeys(node.get(key), nested, at);
            }
        }
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a valid manifest always serialises", e);
        }
    }

    /** Writes {@code dir/manifest.json} atomically (temp file + rename), creating {@code dir} if needed. */
    public void write(Path dir) {
        Path file = dir.resolve(MANIFEST_FILE);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".manifest", ".tmp");
            try {
                Files.writeString(tmp, toJson() + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ModelManifestException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public Path onnxPath(Path dir) {
        return dir.resolve(onnxFile);
    }

    /**
     * Checks that {@code dir/onnx_file} exists and hashes to {@link #sha256()}.
     *
     * @throws ModelIntegrityException naming the file and both digests when they differ
     */
    public void verifyOnnxFile(Path dir) {
        Path file = onnxPath(dir);
        if (!Files.isRegularFile(file)) {
            throw new ModelIntegrityException(file + " does not exist (named by " + dir.resolve(MANIFEST_FILE) + ")");
        }
        String actual = sha256Hex(file);
        if (!actual.equals(sha256)) {
            throw new ModelIntegrityException("sha256 mismatch for " + file + ": manifest says " + sha256 + ", file has " + actual);
        }
    }

    public static String sha256Hex(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256Digest())) {
            MessageDigest digest = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ModelManifestException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The input a request supplies: the first; for a supervised diffusion model the condition {@code c}. */
    public TensorSpec input() {
        if (supervised != null) {
            // a supervised diffusion model is asked with its condition, the image; input and t are its sampler's
            return inputs.stream().filter(i -> i.name().equals("c")).findFirst().orElse(inputs.get(0));
        }
        return inputs.get(0);
    }

    /** The first output; most models have exactly one. */
    public TensorSpec output() {
        return outputs.get(0);
    }

    /** Builder: {@code setX} for required parts, {@code optX} for parts with defaults; validated in {@link #build()}. */
    public static final class Builder {
        private String name;
        private int version = 1;
        private String jobId = "";
        private String architecture;
        private Task task;
        private String onnxFile = DEFAULT_ONNX_FILE;
        private String sha256;
        private int opset = 17;
        private List<TensorSpec> inputs;
        private List<TensorSpec> outputs;
        private Preprocessing preprocessing;
        private Postprocessing postprocessing;
        private DiffusionSettings diffusion;
        private LatentDecoder latentDecoder;
        private SupervisedSettings supervised;
        private String createdAt;

        private Builder() {
        }

        public Builder setName(String name) {
            this.name = name;
            return this;
        }

        public Builder setArchitecture(String architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder setTask(Task task) {
            this.task = task;
            return this;
        }

        public Builder setInputs(TensorSpec... inputs) {
            this.inputs = List.of(inputs);
            return this;
        }

        public Builder setOutputs(TensorSpec... outputs) {
            this.outputs = List.of(outputs);
            return this;
        }

        public Builder setSha256(String sha256) {
            this.sha256 = sha256;
            return this;
        }

        /** Hashes {@code onnxFile} now; call after the ONNX file is complete. */
        public Builder setSha256Of(Path onnxFile) {
            this.sha256 = sha256Hex(onnxFile);
            return this;
        }

        public Builder optVersion(int version) {
            this.version = version;
            return this;
        }

        public Builder optJobId(String jobId) {
            this.jobId = jobId;
            return this;
        }

        public Builder optOnnxFile(String onnxFile) {
            this.onnxFile = onnxFile;
            return this;
        }

        public Builder optOpset(int opset) {
            this.opset = opset;
            return this;
        }

        public Builder optPreprocessing(Preprocessing preprocessing) {
            this.preprocessing = preprocessing;
            return this;
        }

        /** The process constants and sampler defaults of a {@link Task#SAMPLE} model. */
        public Builder optDiffusion(DiffusionSettings diffusion) {
            this.diffusion = diffusion;
            return this;
        }

        /** A latent diffusion model's decoder (its samples are latents until decoded). */
        public Builder optLatentDecoder(LatentDecoder latentDecoder) {
            this.latentDecoder = latentDecoder;
            return this;
        }

        /** A supervised diffusion model's ensemble (with {@link #optDiffusion} and a segment/reconstruct task). */
        public Builder optSupervised(SupervisedSettings supervised) {
            this.supervised = supervised;
            return this;
        }

        public Builder optPostprocessing(Postprocessing postprocessing) {
            this.postprocessing = postprocessing;
            return this;
        }

        /** Defaults to the time {@link #build()} runs. */
        public Builder optCreatedAt(Instant createdAt) {
            this.createdAt = createdAt.toString();
            return this;
        }

        public ModelManifest build() {
            return new ModelManifest(FORMAT, name, version, jobId, architecture, task, onnxFile, sha256, opset, inputs, outputs,
                    preprocessing, postprocessing, diffusion, latentDecoder, supervised, createdAt != null ? createdAt : Instant.now().toString());
        }
    }
}
