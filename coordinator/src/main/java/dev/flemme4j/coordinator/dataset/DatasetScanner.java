package dev.flemme4j.coordinator.dataset;

import dev.flemme4j.coordinator.job.JobRejection;
import dev.flemme4j.coordinator.job.RejectReason;
import dev.flemme4j.protocol.spec.DatasetSpec;
import dev.flemme4j.protocol.spec.LoaderSpec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the image/label pairs of a loader with ImgSegDataset's rules: images are
 * {@code data_path/data_dir/*<data_suffix>} sorted by path; each label is the image's file name with the data
 * suffix replaced by the label suffix, under {@code data_path/label_dir}. {@code data_path_list} concatenates
 * several such folders in order (Flemme's ConcatDataset). MultiModalityImgSegDataset lists its first modality
 * folder the same way and finds each other modality's file by file name.
 *
 * <p>Flemme derives the label path with Python's {@code str.replace} over the whole path, which also rewrites a
 * parent folder that happens to contain {@code data_dir} (e.g. {@code /data/raw_2024/raw/x.png}); we replace
 * only the folder and the suffix of the file itself, which is what every working dataset relies on.
 *
 * <p>Blocking file IO: call it off the event loop.
 */
public final class DatasetScanner {
    private final Path dataRoot;
    private final DataRootConfinement confinement;

    public DatasetScanner(Path dataRoot) {
        this.dataRoot = dataRoot.toAbsolutePath().normalize();
        this.confinement = new DataRootConfinement(this.dataRoot);
    }

    /** {@link #resolve} plus the data-root check: a path outside the root (lexically or by symlink) is a rejection. */
    Path confined(String key, String given) {
        return confinement.check(key, resolve(given));
    }

    /** The data folders of a loader as the coordinator sees them (relative paths resolved against the data root). */
    public Path resolve(String dataPath) {
        return dataRoot.resolve(dataPath).normalize();
    }

    /**
     * @param section the loader's YAML key ({@code loader} or {@code val_loader}), to name faults
     */
    public List<SamplePair> scan(LoaderSpec loader, String section) {
        DatasetSpec ds = loader.dataset();
        List<SamplePair> pairs = new ArrayList<>();
        for (int i = 0; i < loader.dataPaths().size(); i++) {
            String key = dataPathKey(loader, section, i);
            Path base = confined(key, loader.dataPaths().get(i));
            if (!Files.isDirectory(base)) {
                throw new JobRejection(RejectReason.DATA, key, "data folder " + base + " does not exist"
                        + (Files.exists(base) ? " (it is a file)" : "") + hintRoot(loader.dataPaths().get(i)));
            }
            switch (ds.name()) {
                case DatasetSpec.CLS, DatasetSpec.PCD_CLS -> scanClasses(loader, section, i, key, base, pairs);
                case DatasetSpec.PCD -> scanClouds(loader, section, i, key, base, pairs);
                case DatasetSpec.MNIST -> scanMnist(ds, key, base, pairs);
                default -> scanPaired(loader, section, i, key, base, pairs);
            }
        }
        return List.copyOf(pairs);
    }

    /** ImgClsDataset: {@code base/<class folder>/<data_dir>/*<suffix>} for each class folder, in cls_label order. */
    private void scanClasses(LoaderSpec loader, String section, int i, String key, Path base, List<SamplePair> pairs) {
        DatasetSpec ds = loader.dataset();
        String suffix = loader.dataSuffixes().get(i);
        int before = pairs.size();
        for (var e : ds.clsLabel().entrySet()) {
            Path dir = confinement.check(section + ".dataset.cls_label." + e.getKey(),
                    base.resolve(e.getKey()).resolve(ds.dataDir()).normalize());
            if (!Files.isDirectory(dir)) {
                throw new JobRejection(RejectReason.DATA, section + ".dataset.cls_label." + e.getKey(), "class folder " + dir
                        + " does not exist (under " + key + ")");
            }
            for (Path image : listImages(dir, suffix, key)) {
                pairs.add(SamplePair.classified(image, e.getValue()));
            }
        }
        if (pairs.size() == before) {
            throw new JobRejection(RejectReason.DATA, key, "no images matching *" + suffix + " in the class folders "
                    + ds.clsLabel().keySet() + " of " + base);
        }
    }

    /** PcdDataset: {@code base/<data_dir>/*<suffix>}, sorted, each cloud its own target. */
    private void scanClouds(LoaderSpec loader, String section, int i, String key, Path base, List<SamplePair> pairs) {
        DatasetSpec ds = loader.dataset();
        String suffix = loader.dataSuffixes().get(i);
        Path dir = confinement.check(section + ".dataset.data_dir", base.resolve(ds.dataDir()).normalize());
        if (!Files.isDirectory(dir)) {
            throw new JobRejection(RejectReason.DATA, section + ".dataset.data_dir", "point-cloud folder " + dir
                    + " does not exist (data_dir '" + ds.dataDir() + "' under " + key + ")");
        }
        List<Path> clouds = listImages(dir, suffix, key);
        if (clouds.isEmpty()) {
            throw new JobRejection(RejectReason.DATA, key, "no point clouds matching *" + suffix + " in " + dir);
        }
        clouds.forEach(c -> pairs.add(new SamplePair(c, null)));
    }

    /** The IDX files MNIST's split reads: {@code [images, labels]}, under data_path or torchvision's MNIST/raw. */
    static Path[] mnistFiles(Path base, String mode) {
        String prefix = "train".equals(mode) ? "train" : "t10k";
        Path[] out = new Path[2];
        String[] names = {prefix + "-images-idx3-ubyte", prefix + "-labels-idx1-ubyte"};
        for (int k = 0; k < 2; k++) {
            for (Path dir : List.of(base, base.resolve("MNIST").resolve("raw"))) {
                for (String n : List.of(names[k], names[k] + ".gz", names[k].replace("-idx", ".idx"))) {
                    if (out[k] == null && Files.isRegularFile(dir.resolve(n))) {
                        out[k] = dir.resolve(n);
                    }
                }
            }
        }
        return out;
    }

    private void scanMnist(DatasetSpec ds, String key, Path base, List<SamplePair> pairs) {
        Path[] files = mnistFiles(base, ds.mode());
        for (Path f : files) {
            if (f != null) {
                confinement.check(key, f);
            }
        }
        String prefix = "train".equals(ds.mode()) ? "train" : "t10k";
        if (files[0] == null || files[1] == null) {
            throw new JobRejection(RejectReason.DATA, key, "MNIST " + ("train".equals(ds.mode()) ? "training" : "test")
                    + " files not found in " + base + " (nor in MNIST/raw under it): need " + prefix
                    + "-images-idx3-ubyte and " + prefix + "-labels-idx1-ubyte, gzipped (.gz) or not; flemme4j does not"
                    + " download datasets");
        }
        int[] imageDims;
        IdxFile labels;
        try {
            imageDims = IdxFile.readDims(files[0]);
            labels = IdxFile.read(files[1]);
        } catch (java.io.IOException e) {
            throw new JobRejection(RejectReason.DATA, key, "cannot read MNIST: " + e.getMessage());
        }
        if (imageDims.length != 3 || labels.dims().length != 1 || imageDims[0] != labels.count()) {
            throw new JobRejection(RejectReason.DATA, key, "MNIST files do not fit: images " + java.util.Arrays.toString(imageDims)
                    + " (want [N, H, W]) and labels " + java.util.Arrays.toString(labels.dims()) + " (want [N])");
        }
        for (int r = 0; r < labels.count(); r++) {
            pairs.add(SamplePair.idx(files[0], files[1], r, labels.unsigned(r)));
        }
    }

    private void scanPaired(LoaderSpec loader, String section, int i, String key, Path base, List<SamplePair> pairs) {
        DatasetSpec ds = loader.dataset();
        String labelWord = ds.isReconstruction() ? "target" : "label";
        {
            Path imageDir = confinement.check(section + ".dataset.data_dir" + (ds.isMultiModality() ? "[0]" : ""),
                    base.resolve(ds.dataDir()).normalize());
            if (!Files.isDirectory(imageDir)) {
                throw new JobRejection(RejectReason.DATA, section + ".dataset.data_dir" + (ds.isMultiModality() ? "[0]" : ""),
                        "image folder " + imageDir
                        + " does not exist (data_dir '" + ds.dataDir() + "' under " + key + ")");
            }
            Path labelDir = confinement.check(section + ".dataset." + labelWord + "_dir", base.resolve(ds.labelDir()).normalize());
            if (!Files.isDirectory(labelDir)) {
                throw new JobRejection(RejectReason.DATA, section + ".dataset." + labelWord + "_dir", labelWord + " folder "
                        + labelDir + " does not exist (" + labelWord + "_dir '" + ds.labelDir() + "' under " + key + ")");
            }
            String dataSuffix = loader.dataSuffixes().get(i);
            String labelSuffix = loader.labelSuffixes().get(i);
            List<Path> images = listImages(imageDir, dataSuffix, key);
            if (images.isEmpty()) {
                throw new JobRejection(RejectReason.DATA, key, "no " + (ds.dim() == 3 ? "volumes" : "images") + " matching *"
                        + dataSuffix + " in " + imageDir);
            }
            List<Path> missing = new ArrayList<>();
            for (Path image : images) {
                Path label = labelFor(image, labelDir, dataSuffix, labelSuffix);
                if (!Files.isRegularFile(label)) {
                    missing.add(label);
                } else if (ds.isMultiModality()) {
                    confinement.check(section + ".dataset." + labelWord + "_dir", label);
                    pairs.add(SamplePair.modalities(modalityFiles(ds, section, key, base, image), label));
                } else {
                    confinement.check(section + ".dataset." + labelWord + "_dir", label);
                    pairs.add(new SamplePair(image, label));
                }
            }
            if (!missing.isEmpty()) {
                throw new JobRejection(RejectReason.DATA, section + ".dataset." + labelWord + "_dir", missing.size() + " of "
                        + images.size() + " images in " + imageDir + " have no " + labelWord + "; first missing: "
                        + missing.get(0));
            }
        }
    }

    /**
     * MultiModalityImgSegDataset: the files of every modality for an image of the first, found as upstream does, by
     * swapping the first modality's folder and suffix for each other's.
     */
    private List<Path> modalityFiles(DatasetSpec ds, String section, String key, Path base, Path first) {
        DatasetSpec.Modalities m = ds.modalities();
        List<Path> files = new ArrayList<>();
        files.add(first);
        for (int k = 1; k < m.dirs().size(); k++) {
            Path dir = confinement.check(section + ".dataset.data_dir[" + k + "]", base.resolve(m.dirs().get(k)).normalize());
            Path file = labelFor(first, dir, m.suffixes().get(0), m.suffixes().get(k));
            if (!Files.isRegularFile(file)) {
                throw new JobRejection(RejectReason.DATA, section + ".dataset.data_dir[" + k + "]", "modality '"
                        + m.dirs().get(k) + "' has no file for " + first + ": expected " + file + " (under " + key + ")");
            }
            files.add(confinement.check(section + ".dataset.data_dir[" + k + "]", file));
        }
        return files;
    }

    /** The YAML key a data folder came from, so a fault points at what the user wrote. */
    static String dataPathKey(LoaderSpec loader, String section, int index) {
        String fromDataset = loader.dataset().dataPath();
        if (fromDataset != null && loader.dataPaths().size() == 1 && loader.dataPaths().get(0).equals(fromDataset)) {
            return section + ".dataset.data_path";
        }
        return section + ".data_path_list[" + index + "]";
    }

    static Path labelFor(Path image, Path labelDir, String dataSuffix, String labelSuffix) {
        String name = image.getFileName().toString();
        String stem = name.substring(0, name.length() - dataSuffix.length());
        return labelDir.resolve(stem + labelSuffix);
    }

    private List<Path> listImages(Path dir, String suffix, String key) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                // Python's glob('*x') skips hidden files; so do we.
                if (!name.startsWith(".") && name.endsWith(suffix) && name.length() > suffix.length() - 1
                        && Files.isRegularFile(p)) {
                    // A file symlinked out of the root would be read later as if it were data.
                    out.add(confinement.check(key, p));
                }
            }
        } catch (IOException e) {
            throw new JobRejection(RejectReason.DATA, key, "cannot list " + dir + ": " + e.getMessage());
        }
        out.sort((a, b) -> a.toString().compareTo(b.toString()));
        return out;
    }

    private String hintRoot(String given) {
        return Path.of(given).isAbsolute() ? "" : " (relative paths are resolved against the coordinator's data root " + dataRoot + ")";
    }
}
