package dev.flemme4j.modelzoo.architecture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.BlockContext;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.config.context.CombineCondition;
import dev.flemme4j.modelzoo.config.context.ConditionEmbeddingSpec;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A model's condition embedders (upstream {@code en_cemb}, {@code de_cemb}) and where their embeddings go, as
 * upstream's {@code parse_encoder_condition}/{@code parse_decoder_condition}: joined to the encoder input or to
 * the latent ({@code add}, {@code cat}), or handed to the building blocks ({@code injection}). Without a
 * {@code condition_embedding} every side passes its tensor through.
 */
final class ConditionSides {
    /**
     * What one side yields.
     *
     * @param joined    the input or latent, with the embedding added or concatenated when the side does that
     * @param injected  the embedding for the building blocks ({@code injection}), else null
     * @param embedding the side's embedding, or null when it has none (reused by a decoder sharing the encoder's)
     */
    record Applied<T>(T joined, T injected, T embedding) {
    }

    private final String model;
    private final ConditionEmbeddingSpec spec;
    private final NetworkBlock encoderSide;
    private final NetworkBlock decoderSide;

    /**
     * @param spec     the condition embedding, or null for none
     * @param register adds a block as a child of the owning network under a name, returning it
     */
    ConditionSides(String model, ConditionEmbeddingSpec spec, BiFunction<String, NetworkBlock, NetworkBlock> register) {
        this.model = model;
        this.spec = spec;
        encoderSide = spec != null && spec.encoder() != null ? register.apply("en_cemb", ConditionEmbedders.create(spec.encoder())) : null;
        if (spec != null && spec.decoderSharesEncoder()) {
            decoderSide = encoderSide;
        } else {
            decoderSide = spec != null && spec.decoder() != null ? register.apply("de_cemb", ConditionEmbedders.create(spec.decoder())) : null;
        }
    }

    /** Channels {@code cat} adds to the encoder input. */
    int extraInputChannels() {
        return spec == null ? 0 : spec.extraInputChannels();
    }

    /** Channels {@code cat} adds to the latent. */
    int extraLatentChannels() {
        return spec == null ? 0 : spec.extraLatentChannels();
    }

    void initialize(NDManager manager, DataType dataType) {
        if (encoderSide != null) {
            encoderSide.initialize(manager, dataType, ConditionEmbedders.inputShape(spec.encoder()));
        }
        if (decoderSide != null && decoderSide != encoderSide) {
            decoderSide.initialize(manager, dataType, ConditionEmbedders.inputShape(spec.decoder()));
        }
    }

    /** The encoder side applied to the input {@code x}; {@code c} may be null (upstream's None). */
    Applied<NDArray> encoder(ParameterStore ps, NDArray x, NDArray c, boolean training, PairList<String, Object> params) {
        return apply(encoderSide, ps, x, c, training, params);
    }

    /** The decoder side applied to the latent {@code z}. */
    Applied<NDArray> decoder(ParameterStore ps, NDArray z, NDArray c, boolean training, PairList<String, Object> params) {
        return apply(decoderSide, ps, z, c, training, params);
    }

    private Applied<NDArray> apply(NetworkBlock side, ParameterStore ps, NDArray x, NDArray c, boolean training,
            PairList<String, Object> params) {
        if (side == null) {
            return new Applied<>(x, null, null);
        }
        if (c == null) {
            if (spec.combine() == CombineCondition.CAT) {
                // upstream exits: a concatenated condition is part of the layer widths
                throw new IllegalArgumentException(model + " concatenates the condition: pass c");
            }
            return new Applied<>(x, null, null);
        }
        NDArray e = masked(side.forward(ps, new NDList(c), training, params).head(), BlockContext.get(params, BlockContext.CONDITION_KEEP));
        return spec.combine() == CombineCondition.INJECTION ? new Applied<>(x, e, e)
                : new Applied<>(ConditionJoin.join(spec.combine(), x, e), null, e);
    }

    /**
     * The encoder side in an ONNX graph; {@code c} is the condition input's name, or null when not bound.
     *
     * @param spatial the image size
     */
    Applied<String> exportEncoder(OnnxGraphBuilder g, String x, String c, List<Integer> spatial) {
        if (encoderSide == null || c == null) {
            return new Applied<>(x, null, null);
        }
        return exportJoin(g, x, encoderSide.exportOnnx(g, c), spatial, spec.encoder().vector());
    }

    /**
     * The decoder side in an ONNX graph.
     *
     * @param encoder what {@link #exportEncoder} gave, whose embedding a shared decoder side reuses
     * @param spatial the latent's spatial size; empty for a vector latent
     */
    Applied<String> exportDecoder(OnnxGraphBuilder g, String z, String c, Applied<String> encoder, List<Integer> spatial) {
        if (decoderSide == null || c == null) {
            return new Applied<>(z, null, null);
        }
        String e = decoderSide == encoderSide && encoder.embedding() != null ? encoder.embedding() : decoderSide.exportOnnx(g, c);
        return exportJoin(g, z, e, spatial, spec.decoder().vector());
    }

    /** {@code e} times the per-sample mask {@code keep} {@code (B,)}, or {@code e} itself without a mask. */
    private static NDArray masked(NDArray e, NDArray keep) {
        if (keep == null) {
            return e;
        }
        long[] shape = new long[e.getShape().dimension()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = -1;
        return e.mul(keep.reshape(shape));
    }

    private Applied<String> exportJoin(OnnxGraphBuilder g, String x, String e, List<Integer> spatial, boolean vector) {
        String keep = g.context(BlockContext.CONDITION_KEEP_INPUT);
        if (keep != null) {
            // a shared decoder embedding arrives masked already; masking twice with 0/1 changes nothing
            long[] shape = new long[vector ? 2 : 2 + spatial.size()];
            java.util.Arrays.fill(shape, 1);
            shape[0] = -1;
            e = g.node("Mul", List.of(e, g.node("Reshape", List.of(keep, g.sharedInt64s("c_keep_shape", shape)))));
        }
        return spec.combine() == CombineCondition.INJECTION ? new Applied<>(x, e, e)
                : new Applied<>(ConditionJoin.export(g, spec.combine(), x, e, spatial, vector), null, e);
    }
}
