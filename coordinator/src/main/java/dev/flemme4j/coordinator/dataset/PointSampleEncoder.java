package dev.flemme4j.coordinator.dataset;

import dev.flemme4j.coordinator.job.JobRejection;
import dev.flemme4j.coordinator.job.RejectReason;
import dev.flemme4j.protocol.pointcloud.PointCloud;
import dev.flemme4j.protocol.pointcloud.PointCloudReader;
import dev.flemme4j.protocol.spec.TransformSpec;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.protocol.transform.Draws;
import dev.flemme4j.protocol.transform.TransformChain;
import dev.flemme4j.protocol.transform.TransformRejection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One point-cloud sample → a data record, channels last as the point-cloud models take them:
 * <ul>
 *   <li>PcdDataset: {@code {"image": [N, C], "label": the same cloud}} (an auto-encoder's target is its input);</li>
 *   <li>PcdClsDataset: {@code {"image": [N, C], "label": [K]}}, the class index after the class label transforms;</li>
 *   <li>PcdSegDataset: {@code {"image": [N, C], "label": [N, 1]}}, the per-point labels of the {@code .seg} file;</li>
 *   <li>PcdReconDataset: {@code {"image": [N, C], "label": the target cloud [N', C']}}.</li>
 * </ul>
 * Labels and targets go through their transforms with the same draws as the cloud (upstream restores its random
 * state), so FixedPoints and ShufflePoints pick the same rows of a per-point label file.
 */
final class PointSampleEncoder {
    private final TensorRecordCodec records;

    PointSampleEncoder(TensorRecordCodec records) {
        this.records = records;
    }

    byte[] encode(SamplePair pair, DatasetPlan.Transforms transforms, AugmentationDraws draws) {
        String section = transforms.section();
        PointCloud raw = read(pair.image(), section);
        PointCloud cloud = apply(raw, transforms.data(), draws, section + ".data_transforms", pair.image());
        NamedTensor label;
        if (pair.hasClassIndex()) {
            float[] k = SampleTransforms.classLabel(pair.classIndex(), transforms.classLabel(),
                    section + ".class_label_transforms", pair.key(0));
            label = NamedTensor.ofFloats(SampleEncoder.LABEL, new long[] {k.length}, k);
        } else if (pair.label() == null) {
            label = tensor(SampleEncoder.LABEL, cloud);
        } else if (transforms.reconstruction()) {
            PointCloud target = apply(read(pair.label(), section), transforms.label(), draws.fresh(),
                    section + ".target_transforms", pair.label());
            label = tensor(SampleEncoder.LABEL, target);
        } else {
            PointCloud perPoint = readLabels(pair.label(), raw.points(), pair.image(), section);
            PointCloud l = apply(perPoint, transforms.label(), draws.fresh(), section + ".label_transforms", pair.label());
            if (l.points() != cloud.points()) {
                throw new JobRejection(RejectReason.SHAPE, section + ".label_transforms", "labels " + pair.label()
                        + " have " + l.points() + " points after their transforms but cloud " + pair.image() + " has "
                        + cloud.points() + "; give label_transforms the same FixedPoints");
            }
            label = tensor(SampleEncoder.LABEL, l);
        }
        return records.encode(TensorRecord.of(tensor(SampleEncoder.IMAGE, cloud), label));
    }

    /** A cloud file, or a rejection naming it and what is wrong (an empty cloud included). */
    static PointCloud read(Path file, String section) {
        PointCloud c;
        try {
            c = PointCloudReader.read(file);
        } catch (IOException | RuntimeException e) {
            throw new JobRejection(RejectReason.DATA, section + ".dataset.data_path", "cannot read point cloud " + file
                    + ": " + e.getMessage());
        }
        if (c.points() == 0) {
            throw new JobRejection(RejectReason.DATA, section + ".dataset.data_path", "point cloud " + file
                    + " has no points");
        }
        return c;
    }

    /** A {@code .seg} file as upstream's {@code np.loadtxt}: one label per point, as many as the cloud has. */
    static PointCloud readLabels(Path file, int points, Path cloud, String section) {
        String key = section + ".dataset.label_dir";
        List<String> rows;
        try {
            rows = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(r -> !r.isEmpty() && !r.startsWith("#")).toList();
        } catch (IOException e) {
            throw new JobRejection(RejectReason.DATA, key, "cannot read labels " + file + ": " + e.getMessage());
        }
        if (rows.size() != points) {
            throw new JobRejection(RejectReason.DATA, key, "labels " + file + " have " + rows.size() + " rows but cloud "
                    + cloud + " has " + points + " points; a .seg file has one label per point");
        }
        float[] v = new float[points];
        for (int i = 0; i < points; i++) {
            try {
                v[i] = Float.parseFloat(rows.get(i).split("\\s+")[0]);
            } catch (NumberFormatException e) {
                throw new JobRejection(RejectReason.DATA, key, "labels " + file + " line " + (i + 1) + ": '" + rows.get(i)
                        + "' is not a number");
            }
        }
        return new PointCloud(v, points, 1);
    }

    static PointCloud apply(PointCloud c, List<TransformSpec> transforms, Draws draws, String key, Path file) {
        try {
            return TransformChain.points(c, transforms, draws, key);
        } catch (TransformRejection e) {
            throw SampleTransforms.rejection(e);
        } catch (IllegalArgumentException e) {
            throw new JobRejection(RejectReason.DATA, key, "cannot transform " + file + ": " + e.getMessage());
        }
    }

    private static NamedTensor tensor(String name, PointCloud c) {
        return NamedTensor.ofFloats(name, new long[] {c.points(), c.dims()}, c.values());
    }
}
