package dev.flemme4j.modelzoo.encoder.pointcloud;

import java.util.ArrayList;
import java.util.List;

/**
 * A PointNet2 (PointNet++) encoder / feature-propagation decoder pair as upstream's {@code create_encoder} builds
 * it with the Point2 decoder ({@code is_point2decoder}). Each sampling layer keeps {@code numPoints} centres by
 * furthest point sampling and groups every centre's neighbourhood at one or more scales (multi-scale grouping).
 *
 * @param knnQuery true: the k nearest neighbours (in coordinates) form a group; false: upstream's ball query
 * @param fpChannels one output width per propagation layer, from the coarsest level to the input points
 */
public record PointNet2Spec(int pointDim, int outChannel, int pointNum, int projectionChannel, List<SamplingLayer> layers,
        boolean useXyz, boolean knnQuery, List<Integer> denseChannels, List<Integer> fpChannels,
        List<Integer> decoderDenseChannels, PointBlockSettings blocks, boolean vectorEmbedding) implements PointCloudEncoderSpec {

    /** One grouping scale: {@code k} neighbours within {@code radius} (ball query), {@code channel} output features. */
    public record Scale(int k, double radius, int channel) {
    }

    /** One sampling-and-grouping layer: its centres and its scales, whose outputs are concatenated. */
    public record SamplingLayer(int numPoints, List<Scale> scales) {
        public SamplingLayer {
            scales = List.copyOf(scales);
        }

        public int outChannel() {
            return scales.stream().mapToInt(Scale::channel).sum();
        }
    }

    public PointNet2Spec {
        layers = List.copyOf(layers);
        denseChannels = List.copyOf(denseChannels);
        fpChannels = List.copyOf(fpChannels);
        decoderDenseChannels = List.copyOf(decoderDenseChannels);
    }

    @Override
    public int latentChannel() {
        return denseChannels.get(denseChannels.size() - 1);
    }

    /** Feature width of every level: the projection, then each sampling layer's output (upstream's msg_path). */
    List<Integer> levelChannels() {
        List<Integer> c = new ArrayList<>();
        c.add(projectionChannel);
        layers.forEach(l -> c.add(l.outChannel()));
        return c;
    }

    /** Input width of a sampling layer's grouped features: the level's features plus the relative coordinates. */
    int groupedChannel(int layer) {
        return levelChannels().get(layer) + (useXyz ? pointDim : 0);
    }

    /** The encoder's dense path after max ‖ mean pooling (plus the point feature without vector embedding). */
    List<Integer> encoderDense() {
        int last = levelChannels().get(layers.size());
        List<Integer> path = new ArrayList<>();
        path.add(2 * last + (vectorEmbedding ? 0 : last));
        path.addAll(denseChannels);
        return path;
    }

    /**
     * Per propagation layer {@code {known, unknown, out}}: layer 0 spreads the latent over the last level's points
     * (latent → latent), layer i > 0 interpolates level K−i+1's features onto level K−i's points.
     */
    List<int[]> propagation() {
        List<Integer> levels = levelChannels();
        List<Integer> outs = new ArrayList<>();
        outs.add(latentChannel());
        outs.addAll(fpChannels);
        List<int[]> fp = new ArrayList<>();
        for (int i = 0; i <= layers.size(); i++) {
            fp.add(new int[] {i == 0 ? latentChannel() : outs.get(i - 1), levels.get(layers.size() - i), outs.get(i)});
        }
        return fp;
    }

    /** The decoder's final MLP: hidden widths normalised, the last a bare Linear to out_channel. */
    List<Integer> finalPath() {
        List<Integer> path = new ArrayList<>();
        path.add(fpChannels.get(fpChannels.size() - 1));
        path.addAll(decoderDenseChannels);
        path.add(outChannel);
        return path;
    }
}
