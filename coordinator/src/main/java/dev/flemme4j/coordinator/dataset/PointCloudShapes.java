package dev.flemme4j.coordinator.dataset;

import dev.flemme4j.coordinator.job.JobRejection;
import dev.flemme4j.coordinator.job.RejectReason;
import dev.flemme4j.protocol.pointcloud.PointCloud;
import dev.flemme4j.protocol.spec.LoaderSpec;
import dev.flemme4j.protocol.transform.SampleShape;
import dev.flemme4j.protocol.transform.TransformChain;
import dev.flemme4j.protocol.transform.points.FixedPoints;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads every cloud of a point-cloud loader (so an unreadable or empty file is a rejected job now, not a skipped
 * record later) and follows its {@code (C, [N])} shape through the data transforms' shape rules to the model's
 * {@code (point_num, in_channel)}.
 */
public final class PointCloudShapes {
    private PointCloudShapes() {
    }

    /**
     * Farthest point sampling picks rows by their coordinates, which a per-point label file does not have, so the
     * labels could not follow their points; upstream passes the cloud along, flemme4j does not yet.
     */
    private static void requireRowSampling(LoaderSpec loader, String section) {
        List<dev.flemme4j.protocol.spec.TransformSpec> data = loader.dataTransforms();
        for (int i = 0; i < data.size(); i++) {
            if (data.get(i).params() instanceof FixedPoints.Params fp && fp.method().equals("fps")) {
                throw new JobRejection(RejectReason.LOADER, section + ".data_transforms[" + i + "].method", "fps is not"
                        + " supported yet with " + loader.dataset().name() + " (the per-point labels must follow the"
                        + " sampled rows); use method: random");
            }
        }
    }

    /**
     * @param pointNum  the encoder's {@code point_num}, or 0 when the model does not take point clouds
     * @param keyPrefix YAML path of the encoder section, to name the key to change
     */
    public static void check(LoaderSpec loader, String section, List<SamplePair> pairs, int pointNum, int inChannel,
            String keyPrefix) {
        if (pointNum <= 0) {
            throw new JobRejection(RejectReason.LOADER, section + ".dataset.name", loader.dataset().name()
                    + " holds point clouds, but " + keyPrefix + " does not take them; use a point-cloud encoder (PointNet,"
                    + " PointNet2) with data_form: PCD");
        }
        String key = section + ".data_transforms";
        if (loader.dataset().isSegmentation()) {
            requireRowSampling(loader, section);
        }
        Set<SampleShape> seen = new HashSet<>();
        for (SamplePair p : pairs) {
            PointCloud c = PointSampleEncoder.read(p.image(), section);
            SampleShape raw = new SampleShape(c.dims(), List.of(c.points()));
            if (!seen.add(raw)) {
                continue;
            }
            SampleShape s = TransformShapes.apply(raw, loader.dataTransforms(), key, p.image());
            if (s.channels() != inChannel) {
                throw new JobRejection(RejectReason.SHAPE, keyPrefix + ".in_channel", "is " + inChannel + " but the clouds"
                        + " have " + s.channels() + " column(s) per point (e.g. " + p.image() + ")");
            }
            if (s.size().get(0) != pointNum) {
                int fixed = TransformChain.lastResize(loader.dataTransforms());
                throw new JobRejection(RejectReason.SHAPE, fixed >= 0 ? key + "[" + fixed + "].num" : keyPrefix + ".point_num",
                        (fixed >= 0 ? "samples " + s.size().get(0) + " points" : "is " + pointNum) + " but "
                        + (fixed >= 0 ? keyPrefix + ".point_num is " + pointNum : "cloud " + p.image() + " has "
                        + s.size().get(0) + " points and " + key + " has no FixedPoints; add - name: FixedPoints with num: "
                        + pointNum));
            }
        }
    }
}
