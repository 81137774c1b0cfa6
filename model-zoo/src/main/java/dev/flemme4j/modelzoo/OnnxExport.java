package dev.flemme4j.modelzoo;

import dev.flemme4j.modelzoo.block.BlockContext;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link FlemmeModel} as an ONNX model (ir_version 8, opset 17) for inference: input {@code input}
 * {@code (batch, in_channel, *image_size)}, then, for models that take them, {@code t} {@code (batch)} (float time
 * step) and {@code c} {@code (batch, *condition)} (float condition); one output, the primary {@link FlemmeModel#outputName()} (SeM/HSeM
 * {@code seg_logits}, AE/HAE/VAE {@code recon} — a VAE decodes its mean latent — ClM {@code cls_logits}), a symbolic {@code batch} dimension, weights as float initializers. BatchNorm is
 * exported with its running statistics (inference semantics).
 */
public final class OnnxExport {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxExport.class);
    public static final String INPUT = ModelSpec.INPUT;
    public static final String TIME_STEP = ModelSpec.TIME_STEP;
    public static final String CONDITION = ModelSpec.CONDITION;
    public static final String BATCH = "batch";
    /** The condition mask input of {@link #toBytesWithConditionMask}. */
    public static final String CONDITION_KEEP = "c_keep";

    private OnnxExport() {
    }

    /** Serialises the model to bytes. */
    public static byte[] toBytes(FlemmeModel m) {
        return toBytes(m, true);
    }

    /**
     * Serialises the model; without the condition, a conditional model is exported as upstream runs it with
     * {@code c = None} (the unconditional pass of classifier-free guidance), taking {@code input} and {@code t} only.
     */
    public static byte[] toBytes(FlemmeModel m, boolean withCondition) {
        return toBytes(m, withCondition, false);
    }

    /**
     * Serialises a conditional model with one more input, {@value #CONDITION_KEEP} {@code (batch)}: per sample 1
     * keeps the condition embedding and 0 zeroes it, which equals {@code c = None} for an added condition (see
     * {@code DiffusionModelSpec#batchGuidable}), so classifier-free guidance runs both halves as one batch of 2n.
     */
    public static byte[] toBytesWithConditionMask(FlemmeModel m) {
        if (!m.inputNames().contains(CONDITION)) {
            throw new IllegalArgumentException(m.spec().name() + " takes no condition to mask");
        }
        return toBytes(m, true, true);
    }

    private static byte[] toBytes(FlemmeModel m, boolean withCondition, boolean withKeep) {
        OnnxGraphBuilder g = new OnnxGraphBuilder();
        long[] in = m.spec().inputShape(1);
        String input = g.addInput(INPUT, dims(in, in[1]));
        for (String name : m.inputNames().subList(1, m.inputNames().size())) {
            if (!withCondition && name.equals(CONDITION)) {
                continue;
            }
            long[] shape = m.spec().inputShape(name, 1);
            String value = g.addInput(name, symbolicBatch(shape));
            g.bindContext(name.equals(TIME_STEP) ? BlockContext.TIME_STEP_INPUT : BlockContext.CONDITION_INPUT, value);
        }
        if (withKeep) {
            g.bindContext(BlockContext.CONDITION_KEEP_INPUT, g.addInput(CONDITION_KEEP, List.of(BATCH)));
        }
        String out = m.block().exportOnnx(g, input);
        long[] outShape = m.spec().outputShape(1);
        List<Object> outDims = new ArrayList<>();
        outDims.add(BATCH);
        for (int i = 1; i < outShape.length; i++) {
            outDims.add(outShape[i]);
        }
        g.addOutput(out, m.outputName(), outDims);
        return g.toModelBytes(m.spec().name(), "flemme4j", "0.1.0");
    }

    /** The input name of {@link #latentDecoderBytes}: one latent {@code (batch, *latent)}. */
    public static final String LATENT = "z";

    /**
     * The auto-encoder's decoder of a latent diffusion model on its own: {@value #LATENT} {@code (batch, *latent)} to
     * the auto-encoder's output {@code (batch, *data)}, named {@code recon}; serving runs it after the sampling loop.
     */
    public static byte[] latentDecoderBytes(FlemmeModel m) {
        if (!(m.spec() instanceof dev.flemme4j.modelzoo.diffusion.LatentDiffusionModelSpec l)
                || !(m.block() instanceof dev.flemme4j.modelzoo.architecture.LatentDiffusionNetwork net)) {
            throw new IllegalArgumentException(m.spec().name() + " is not a latent diffusion model");
        }
        OnnxGraphBuilder g = new OnnxGraphBuilder();
        String z = g.addInput(LATENT, symbolicBatch(m.spec().inputShape(1)));
        String out = net.codec().exportDecoder(g, z);
        g.addOutput(out, l.autoencoder().outputNames().get(0), symbolicBatch(l.autoencoder().outputShape(1)));
        return g.toModelBytes(l.autoencoder().name(), "flemme4j", "0.1.0");
    }

    /** Writes the model atomically (temp file + move) to {@code onnxFile}. */
    public static void export(FlemmeModel m, Path onnxFile) throws IOException {
        byte[] bytes = toBytes(m);
        Path dir = onnxFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, onnxFile.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, onnxFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        LOG.info("exported {} to {} ({} bytes)", m.spec().name(), onnxFile, bytes.length);
    }

    private static List<Object> symbolicBatch(long[] shape) {
        List<Object> d = new ArrayList<>();
        d.add(BATCH);
        for (int i = 1; i < shape.length; i++) {
            d.add(shape[i]);
        }
        return d;
    }

    private static List<Object> dims(long[] inputShape, long channels) {
        List<Object> d = new ArrayList<>();
        d.add(BATCH);
        d.add(channels);
        for (int i = 2; i < inputShape.length; i++) {
            d.add(inputShape[i]);
        }
        return d;
    }
}
