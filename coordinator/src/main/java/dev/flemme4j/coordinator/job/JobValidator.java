package dev.flemme4j.coordinator.job;

import dev.flemme4j.coordinator.dataset.DatasetIdentity;
import dev.flemme4j.coordinator.dataset.DatasetPlan;
import dev.flemme4j.coordinator.dataset.DatasetScanner;
import dev.flemme4j.coordinator.dataset.IdxFile;
import dev.flemme4j.coordinator.dataset.ImageHeader;
import dev.flemme4j.coordinator.dataset.SamplePair;
import dev.flemme4j.coordinator.dataset.SplitFileSelection;
import dev.flemme4j.coordinator.dataset.SampleTransforms;
import dev.flemme4j.coordinator.dataset.PointCloudShapes;
import dev.flemme4j.coordinator.dataset.TransformShapes;
import dev.flemme4j.coordinator.dataset.ValidationSplit;
import dev.flemme4j.modelzoo.LossTarget;
import dev.flemme4j.modelzoo.ModelSpec;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.modelzoo.diffusion.DiffusionModelSpec;
import dev.flemme4j.modelzoo.diffusion.LatentDiffusionModelSpec;
import dev.flemme4j.protocol.job.ArtifactReference;
import dev.flemme4j.modelzoo.diffusion.SupervisedDiffusionModelSpec;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.spec.DatasetSpec;
import dev.flemme4j.protocol.spec.LoaderSpec;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import dev.flemme4j.protocol.spec.TransformSpec;
import dev.flemme4j.protocol.transform.SampleShape;
import dev.flemme4j.protocol.transform.TransformChain;
import dev.flemme4j.protocol.transform.TransformRejection;
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
    /** Where earlier jobs' artifacts are ({@code ae_path} is checked against it), or null when not known. */
    private final Path artifactRoot;

    public JobValidator(Path dataRoot) {
        this(dataRoot, null);
    }

    public JobValidator(Path dataRoot, Path artifactRoot) {
        this.scanner = new DatasetScanner(dataRoot);
        this.artifactRoot = artifactRoot;
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
            ConfigNode modelNode = spec.modelNode();
            model = ModelSpecs.parse(modelNode);
            spec = spec.withMoreWarnings(modelNode.warnings());
        } catch (ConfigException e) {
            throw JobRejection.of(RejectReason.MODEL, e);
        }
        if (spec.loader().dataset().isStream()) {
            // no files to scan: the records' shapes are checked against the model's as the worker reads them
            if (spec.job().replicas() > 1) {
                throw new JobRejection(RejectReason.LOADER, "job.replicas", "a KafkaStream job trains on one worker"
                        + " (replicas of a stream are not supported yet), got " + spec.job().replicas());
            }
            return new ValidatedJob(id, yaml, spec, model, null);
        }
        checkTask(model, spec.loader(), "loader");
        checkLatent(model);
        if (spec.valLoader() != null) {
            checkTask(model, spec.valLoader(), "val_loader");
        }
        return new ValidatedJob(id, yaml, spec, model, plan(spec, model));
    }

    /** The dataset must deliver what the model's loss compares against: masks, class vectors, or targets. */
    private static void checkTask(ModelSpec model, LoaderSpec loader, String section) {
        DatasetSpec ds = loader.dataset();
        String nameKey = section + ".dataset.name";
        switch (model.task()) {
            case SEGMENT -> {
                if (!ds.isSegmentation()) {
                    throw new JobRejection(RejectReason.LOADER, nameKey, model.name() + " segments images and needs masks:"
                            + " use ImgSegDataset or MultiModalityImgSegDataset (PcdSegDataset for point clouds), not "
                            + ds.name());
                }
                requireOneHotFitsOutput(model, loader, section);
            }
            case CLASSIFY -> {
                if (!ds.isClassification()) {
                    throw new JobRejection(RejectReason.LOADER, nameKey, model.name() + " classifies images and needs class"
                            + " labels: use ImgClsDataset or MNIST (PcdClsDataset for point clouds), not " + ds.name());
                }
                long classes = model.outputShape(1)[1];
                List<TransformSpec> t = loader.classLabelTransforms();
                TransformSpec oneHot = t.stream().filter(x -> x.oneHotClasses().isPresent()).findFirst().orElse(null);
                if (oneHot == null) {
                    throw new JobRejection(RejectReason.LOADER, section + ".class_label_transforms", model.name()
                            + "'s classification loss takes one-hot targets; add - name: ToOneHot with num_classes: "
                            + classes);
                }
                int k = oneHot.oneHotClasses().getAsInt();
                if (k != classes) {
                    throw new JobRejection(RejectReason.SHAPE, section + ".class_label_transforms[" + t.indexOf(oneHot)
                            + "].num_classes", "is " + k + " but the model has " + classes
                            + " classes (model.encoder.out_channel)");
                }
            }
            case RECONSTRUCT -> {
                if (model.lossTarget() == LossTarget.LABEL && !ds.isReconstruction()) {
                    throw new JobRejection(RejectReason.LOADER, nameKey, "a supervised " + model.name()
                            + " (is_supervised: true) learns targets: use ImgReconDataset (PcdReconDataset for point"
                            + " clouds), not " + ds.name());
                }
            }
            case GENERATE -> {
                if (model instanceof SupervisedDiffusionModelSpec sdm) {
                    SupervisedDiffusionCheck.check(sdm, loader, section);
                } else {
                    checkDiffusion(model, ds, nameKey);
                }
            }
            default -> {
            }
        }
    }

    /**
     * Diffusion jobs: a conditional model takes the class label as its condition (MNIST, ImgClsDataset); DDPM, DDIM,
     * EDM and latent diffusion train here (supervised diffusion: {@link SupervisedDiffusionCheck}).
     */
    private static void checkDiffusion(ModelSpec model, DatasetSpec ds, String nameKey) {
        if (!(model instanceof DiffusionModelSpec) && !(model instanceof LatentDiffusionModelSpec)) {
            throw new JobRejection(RejectReason.MODEL, "model.name", model.name() + " builds (flemme inspect) but training it"
                    + " is not supported by the flemme4j worker yet; train DDPM, DDIM or EDM");
        }
        if (model.context().conditional() && !ds.isClassification()) {
            throw new JobRejection(RejectReason.LOADER, nameKey, "a class-conditional " + model.name() + " takes the class"
                    + " label as its condition: use MNIST or ImgClsDataset, not " + ds.name());
        }
    }

    /**
     * Latent diffusion: the auto-encoder must be unconditional (the worker encodes the data without a condition), and
     * {@code ae_path} must name a checkpoint under the artifact root (a job id or a path; see {@link ArtifactReference}).
     */
    private void checkLatent(ModelSpec model) {
        if (!(model instanceof LatentDiffusionModelSpec l)) {
            return;
        }
        if (l.autoencoder().context().conditional()) {
            throw new JobRejection(RejectReason.MODEL, latentPrefix(l) + ".condition_embedding", "latent diffusion"
                    + " over a conditional auto-encoder is not supported by the flemme4j worker; condition the eps-model");
        }
        if (l.aePath() != null && artifactRoot != null) {
            try {
                ArtifactReference.resolve(artifactRoot, LatentDiffusionModelSpec.AE_PATH_AT, l.aePath());
            } catch (ConfigException e) {
                throw JobRejection.of(RejectReason.MODEL, e);
            }
        }
    }

    /** The YAML path of a latent diffusion model's auto-encoder section (2024 {@code ae_model}, now {@code autoencoder}). */
    static String latentPrefix(LatentDiffusionModelSpec l) {
        return "model." + (l.name().equals("LDM") ? "autoencoder" : "ae_model");
    }

    /** A one-hot label map must have as many channels as the model predicts (Flemme fails inside the loss). */
    private static void requireOneHotFitsOutput(ModelSpec model, LoaderSpec loader, String section) {
        List<TransformSpec> t = loader.effectiveLabelTransforms();
        long out = model.outputShape(1)[1];
        for (int i = 0; i < t.size(); i++) {
            java.util.OptionalInt classes = t.get(i).oneHotClasses();
            int k = classes.orElse(0);
            int channels = k == 2 ? 1 : k;
            if (classes.isPresent() && channels != out) {
                throw new JobRejection(RejectReason.SHAPE, section + "." + loader.labelTransformsKey() + "[" + i
                        + "].num_classes", "is " + k + " (" + channels + " label channel(s)) but the model"
                        + " predicts " + out + " channel(s) (model.encoder.out_channel)");
            }
        }
    }

    private DatasetPlan plan(TrainJobSpec spec, ModelSpec model) {
        Optional<ModelInput> input = ModelInput.of(model);
        // a supervised reconstruction compares the output with the target, so their channels must agree
        int targetChannels = model.task() == dev.flemme4j.modelzoo.ModelTask.RECONSTRUCT
                && model.lossTarget() == LossTarget.LABEL || model instanceof SupervisedDiffusionModelSpec
                ? (int) model.outputShape(1)[1] : -1;
        LoaderSpec loader = spec.loader();
        List<SamplePair> all = scanner.scan(loader, "loader");
        checkShapes(loader, "loader", all, input, targetChannels, model);
        DatasetIdentity identity = new DatasetIdentity().loader("loader", loader, scanner);
        long seed = augmentSeed(spec);
        DatasetPlan.Transforms trainT = transforms("loader", loader, true, seed);
        if (trainT.hasRandom()) {
            identity.augmentation(seed);
        }
        List<SamplePair> train;
        List<SamplePair> val;
        DatasetPlan.Transforms valT;
        if (spec.valLoader() != null) {
            LoaderSpec vl = spec.valLoader();
            train = all;
            val = scanner.scan(vl, "val_loader");
            checkShapes(vl, "val_loader", val, input, targetChannels, model);
            identity.loader("val_loader", vl, scanner);
            valT = transforms("val_loader", vl, false, seed);
        } else if (spec.splitFiles() != null) {
            SplitFileSelection.Split split = new SplitFileSelection(scanner).split(all, spec.splitFiles());
            train = split.train();
            val = split.val();
            identity.splitFiles();
            valT = trainT.withoutAugmentation();
        } else {
            ValidationSplit.Split<SamplePair> split = ValidationSplit.split(all, spec.valSplitRatio(), spec.valSplitSeed());
            train = split.train();
            val = split.val();
            identity.split(spec.valSplitRatio(), spec.valSplitSeed());
            // Flemme's split validation samples come from the training loader, so they share its transforms (but
            // not its random augmentation: validation scores should not depend on a draw)
            valT = trainT.withoutAugmentation();
        }
        String id = identity.files("train", train).files("val", val).id();
        return new DatasetPlan(id, train, val, trainT, valT);
    }

    /** Random augmentation follows the job's {@code rand_seed} (0 when none is given), so a rerun ingests the same data. */
    private static long augmentSeed(TrainJobSpec spec) {
        return spec.randSeed() == null ? 0L : spec.randSeed();
    }

    private static DatasetPlan.Transforms transforms(String section, LoaderSpec loader, boolean augment, long seed) {
        DatasetSpec ds = loader.dataset();
        return new DatasetPlan.Transforms(section, loader.dataTransforms(), loader.effectiveLabelTransforms(),
                loader.classLabelTransforms(), ds.isReconstruction(), ds.isMultiModality() ? ds.modalities().combine() : null,
                augment, seed, ds.isPointCloud());
    }

    /**
     * Reads every image's and label's header (cheap, no pixel decoding), so an unreadable file or an odd size
     * is found now rather than half-way through ingestion.
     */
    private static void checkShapes(LoaderSpec loader, String section, List<SamplePair> pairs, Optional<ModelInput> input,
            int targetChannels, ModelSpec model) {
        if (loader.dataset().isPointCloud()) {
            // latent diffusion reads the data through its auto-encoder
            ModelSpec data = model instanceof LatentDiffusionModelSpec l ? l.autoencoder() : model;
            var points = data.encoder().points();
            PointCloudShapes.check(loader, section, pairs, points == null ? 0 : points.pointNum(),
                    data.encoder().inChannel(), model instanceof DiffusionModelSpec ? "model.eps_model.encoder"
                            : model instanceof LatentDiffusionModelSpec l ? latentPrefix(l) + ".encoder" : "model.encoder");
            return;
        }
        java.util.Map<Path, ImageHeader> idxHeaders = new java.util.HashMap<>();
        String dataKey = section + ".data_transforms";
        String labelKey = section + (loader.labelTransforms() != null ? "." + loader.labelTransformsKey() : ".data_transforms");
        List<TransformSpec> labelTransforms = loader.effectiveLabelTransforms();
        rejectUnsupportedAtIngestion(loader.dataTransforms(), dataKey);
        if (loader.labelTransforms() != null) {
            rejectUnsupportedAtIngestion(loader.labelTransforms(), section + "." + loader.labelTransformsKey());
        }
        DatasetSpec ds = loader.dataset();
        String word = ds.isReconstruction() ? "target" : "label";
        Set<SampleShape> checked = new HashSet<>();
        for (SamplePair p : pairs) {
            SampleShape raw = p.isIdxRecord() ? TransformShapes.shapeOf(idxHeader(idxHeaders, p, section))
                    : imageShape(ds, p, section);
            SampleShape shape = TransformShapes.apply(raw, loader.dataTransforms(), dataKey, p.image());
            if (checked.add(raw)) {
                input.ifPresent(m -> TransformShapes.requireModelInput(shape, m, loader.dataTransforms(), dataKey, p.image()));
            }
            if (p.hasClassIndex()) {
                // a class index has no shape to check here; its transforms are checked with the model in checkTask
                continue;
            }
            SampleShape label = TransformShapes.shapeOf(header(p.label(), section));
            if (!ds.isReconstruction()) {
                // a label map is read as one channel (see SampleTransforms.singleChannel)
                label = new SampleShape(1, label.size());
            }
            SampleShape labelShape = TransformShapes.apply(label, labelTransforms, labelKey, p.label());
            if (targetChannels > 0 && ds.isReconstruction() && labelShape.channels() != targetChannels) {
                throw new JobRejection(RejectReason.SHAPE, "model.encoder.out_channel", "is " + targetChannels
                        + " but the targets have " + labelShape.channels() + " channel(s) after " + labelKey + " (e.g. "
                        + p.label() + "); change out_channel or add a GrayScale transform to " + section + ".target_transforms");
            }
            if (!labelShape.size().equals(shape.size())) {
                throw new JobRejection(RejectReason.SHAPE, labelKey, word + " " + p.label() + " becomes "
                        + labelShape.size() + " but its image " + p.image() + " becomes " + shape.size() + "; " + word
                        + "s must match their images after the transforms");
            }
        }
    }

    /** A sample's image shape before transforms; a MultiModalityImgSegDataset's modalities combined. */
    private static SampleShape imageShape(DatasetSpec ds, SamplePair p, String section) {
        SampleShape first = TransformShapes.shapeOf(header(p.image(), section));
        if (p.otherModalities().isEmpty()) {
            return first;
        }
        boolean cat = ds.modalities().combine().equals("cat");
        int channels = first.channels();
        List<Path> files = p.imageFiles();
        for (int k = 1; k < files.size(); k++) {
            SampleShape s = TransformShapes.shapeOf(header(files.get(k), section));
            if (!s.size().equals(first.size()) || (!cat && s.channels() != first.channels())) {
                throw new JobRejection(RejectReason.SHAPE, section + ".dataset.data_dir[" + k + "]", "modality '"
                        + ds.modalities().dirs().get(k) + "' file " + files.get(k) + " is " + s + " but " + p.image() + " is "
                        + first + "; modalities must have one size" + (cat ? "" : " and, for data_combine "
                        + ds.modalities().combine() + ", one channel count"));
            }
            channels += cat ? s.channels() : 0;
        }
        return new SampleShape(channels, first.size());
    }

    private static void rejectUnsupportedAtIngestion(List<TransformSpec> transforms, String key) {
        try {
            TransformChain.checkIngestion(transforms, key);
        } catch (TransformRejection e) {
            throw SampleTransforms.rejection(e);
        }
    }

    /** An MNIST record's shape, {@code [1, H, W]}, from its IDX file's header (read once per file). */
    private static ImageHeader idxHeader(java.util.Map<Path, ImageHeader> idxHeaders, SamplePair p, String section) {
        return idxHeaders.computeIfAbsent(p.image(), f -> {
            try {
                int[] d = IdxFile.readDims(f);
                return new ImageHeader(1, d[1], d[2]);
            } catch (IOException e) {
                throw new JobRejection(RejectReason.DATA, section + ".dataset.data_path", "cannot read " + f + ": "
                        + e.getMessage());
            }
        });
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
