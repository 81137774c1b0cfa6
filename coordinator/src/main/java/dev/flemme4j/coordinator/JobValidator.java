package dev.flemme4j.coordinator;

import dev.flemme4j.modelzoo.ModelSpec;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.spec.LoaderSpec;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything that can be known about a job before a worker sees it: the YAML and every section parse, the
 * model builds on paper, the dataset folders hold paired, readable images, and the transforms deliver what the
 * model takes. The first fault becomes a {@link JobRejection} with the YAML path to fix.
 *
 * <p>Blocking (YAML parsing, file IO): run it on a worker thread, never on the event loop.
 */
public final class JobValidator {
    private final DatasetScanner scanner;

    public JobValidator(Path dataRoot) {
        this.scanner = new DatasetScanner(dataRoot);
    }

    public ValidatedJob validate(String id, String yaml) {
        TrainJobSpec spec;
        ModelSpec model;
        try {
            spec = TrainJobSpec.parse(yaml);
            spec.validateCrossSection();
        } catch (ConfigException e) {
            throw JobRejection.of(e);
        }
        try {
            model = ModelSpecs.parse(spec.modelNode());
        } catch (ConfigException e) {
            throw JobRejection.of(RejectReason.MODEL, e);
        }
        return new ValidatedJob(id, yaml, spec, model, plan(spec));
    }

    private DatasetPlan plan(TrainJobSpec spec) {
        Optional<ModelInput> input = ModelInput.of(spec.model());
        LoaderSpec loader = spec.loader();
        List<SamplePair> all = scanner.scan(loader, "loader");
        checkShapes(loader, "loader", all, input);
        DatasetIdentity identity = new DatasetIdentity().loader("loader", loader, scanner);
        DatasetPlan.Transforms trainT = transforms("loader", loader);
        List<SamplePair> train;
        List<SamplePair> val;
        DatasetPlan.Transforms valT;
        if (spec.valLoader() != null) {
            LoaderSpec vl = spec.valLoader();
            train = all;
            val = scanner.scan(vl, "val_loader");
            checkShapes(vl, "val_loader", val, input);
            identity.loader("val_loader", vl, scanner);
            valT = transforms("val_loader", vl);
        } else {
            ValidationSplit.Split<SamplePair> split = ValidationSplit.split(all, spec.valSplitRatio(), spec.valSplitSeed());
            train = split.train();
            val = split.val();
            identity.split(spec.valSplitRatio(), spec.valSplitSeed());
            // Flemme's split validation samples come from the training loader, so they share its transforms.
            valT = trainT;
        }
        String id = identity.files("train", train).files("val", val).id();
        return new DatasetPlan(id, train, val, trainT, valT);
    }

    private static DatasetPlan.Transforms transforms(String section, LoaderSpec loader) {
        return new DatasetPlan.Transforms(section, loader.dataTransforms(), loader.effectiveLabelTransforms());
    }

    /**
     * Reads every image's and label's header (cheap, no pixel decoding), so an unreadable file or an odd size
     * is found now rather than half-way through ingestion.
     */
    private static void checkShapes(LoaderSpec loader, String section, List<SamplePair> pairs, Optional<ModelInput> input) {
        String dataKey = section + ".data_transforms";
        String labelKey = section + (loader.labelTransforms() != null ? ".label_transforms" : ".data_transforms");
        List<TransformSpec> labelTransforms = loader.effectiveLabelTransforms();
        rejectUnsupportedAtIngestion(loader.dataTransforms(), dataKey);
        if (loader.labelTransforms() != null) {
            rejectUnsupportedAtIngestion(loader.labelTransforms(), section + ".label_transforms");
        }
        Set<TransformShapes.Shape> checked = new HashSet<>();
        for (SamplePair p : pairs) {
            ImageHeader image = header(p.image(), section);
            ImageHeader label = header(p.label(), section);
            TransformShapes.Shape shape = TransformShapes.apply(image, loader.dataTransforms(), dataKey, p.image());
            if (checked.add(new TransformShapes.Shape(image.channels(), image.height(), image.width()))) {
                input.ifPresent(m -> TransformShapes.requireModelInput(shape, m, loader.dataTransforms(), dataKey, p.image()));
            }
            TransformShapes.Shape labelShape = TransformShapes.apply(label, labelTransforms, labelKey, p.label());
            if (labelShape.height() != shape.height() || labelShape.width() != shape.width()) {
                throw new JobRejection(RejectReason.SHAPE, labelKey, "label " + p.label() + " becomes ["
                        + labelShape.height() + ", " + labelShape.width() + "] but its image " + p.image() + " becomes ["
                        + shape.height() + ", " + shape.width() + "]; labels must match their images after the transforms");
            }
        }
    }

    private static void rejectUnsupportedAtIngestion(List<TransformSpec> transforms, String key) {
        for (int i = 0; i < transforms.size(); i++) {
            TransformSpec t = transforms.get(i);
            if (t.name().equals("Resize") && !"nearest".equals(t.mode())) {
                throw new JobRejection(RejectReason.LOADER, key + "[" + i + "].mode", "Resize mode '" + t.mode()
                        + "' is not supported yet in flemme4j; use nearest (Flemme's default)");
            }
        }
    }

    private static ImageHeader header(Path file, String section) {
        try {
            return ImageHeader.read(file);
        } catch (IOException e) {
            throw new JobRejection(RejectReason.DATA, section + ".dataset.data_path", "cannot read image " + file + ": "
                    + e.getMessage());
        }
    }
}
