package dev.flemme4j.modelzoo.encoder.pointcloud;

import dev.flemme4j.modelzoo.config.StageChannels;
import java.util.ArrayList;
import java.util.List;

/** Channel arithmetic of a PointNet pair, shared by the parser (group checks) and the blocks (construction). */
final class PointNetWidths {
    private PointNetWidths() {
    }

    /** Input and output width of each local-feature stage; the last one takes all earlier stages concatenated. */
    static List<int[]> localStages(PointNetSpec s) {
        List<Integer> path = new ArrayList<>();
        path.add(s.projectionChannel());
        path.addAll(s.localFeatureChannels());
        List<int[]> stages = new ArrayList<>();
        int concatenated = 0;
        for (int i = 0; i + 2 < path.size(); i++) {
            // EdgeConv stages see each point next to its offset to a neighbour: twice the width
            stages.add(new int[] {s.numNeighborsK() > 0 ? 2 * path.get(i) : path.get(i), path.get(i + 1)});
            concatenated += path.get(i + 1);
        }
        stages.add(new int[] {concatenated, path.get(path.size() - 1)});
        return stages;
    }

    /** Encoder dense path: pooled (max ‖ mean) features, plus the point feature without vector embedding, then dense_channels. */
    static List<Integer> encoderDense(PointNetSpec s) {
        int last = s.localFeatureChannels().get(s.localFeatureChannels().size() - 1);
        List<Integer> path = new ArrayList<>();
        path.add(2 * last + (s.vectorEmbedding() ? 0 : last));
        path.addAll(s.denseChannels());
        return path;
    }

    static List<Integer> decoderDense(PointNetSpec s) {
        List<Integer> path = new ArrayList<>();
        path.add(s.latentChannel());
        path.addAll(s.decoderDenseChannels());
        return path;
    }

    /** The final MLP: hidden layers normalised and activated, the last a bare Linear to the output values. */
    static List<Integer> finalPath(PointNetSpec s) {
        List<Integer> dense = decoderDense(s);
        List<Integer> path = new ArrayList<>();
        path.add(dense.get(dense.size() - 1));
        path.addAll(s.finalChannels());
        path.add(s.vectorEmbedding() ? s.outChannel() * s.pointNum() : s.outChannel());
        return path;
    }

    /** Fold i's MLP: (base shape or previous fold's points) ‖ codeword → hidden → point values (last a bare Linear). */
    static List<Integer> foldPath(PointNetSpec s, int fold) {
        List<Integer> dense = decoderDense(s);
        List<Integer> path = new ArrayList<>();
        path.add(dense.get(dense.size() - 1) + (fold == 0 ? s.baseShape().dim() : s.outChannel()));
        path.addAll(s.foldingHiddenChannels());
        path.add(s.outChannel());
        return path;
    }

    /** Every width that passes a normalisation layer. */
    static List<Integer> normalised(PointNetSpec s) {
        List<Integer> out = new ArrayList<>();
        for (int[] st : localStages(s)) {
            List<Integer> c = StageChannels.stage(st[0], st[1], s.numBlocks());
            out.addAll(c.subList(1, c.size()));
        }
        out.addAll(encoderDense(s).subList(1, encoderDense(s).size()));
        out.addAll(decoderDense(s).subList(1, decoderDense(s).size()));
        if (s.foldingTimes() > 0) {
            out.addAll(s.foldingHiddenChannels());
        } else {
            List<Integer> fin = finalPath(s);
            out.addAll(fin.subList(1, fin.size() - 1));
        }
        return out;
    }
}
