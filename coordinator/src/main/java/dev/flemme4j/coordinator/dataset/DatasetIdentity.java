package dev.flemme4j.coordinator.dataset;

import dev.flemme4j.protocol.spec.LoaderSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The id of an ingested dataset: a short hash of everything that decides the records' content, i.e. the
 * canonical loader description (dataset, folders, suffixes, transforms, split) and every file's path, size
 * and modification time. Same inputs, same id, one ingestion; touch a file and the dataset is new.
 * Batch size, shuffling and worker counts do not change the records and are left out on purpose.
 */
public final class DatasetIdentity {
    private static final int HEX_CHARS = 16;
    private final MessageDigest digest;

    public DatasetIdentity() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
        line("flemme4j-dataset-v1");
    }

    /** Adds a loader's record-shaping settings. */
    public DatasetIdentity loader(String section, LoaderSpec loader, DatasetScanner scanner) {
        var ds = loader.dataset();
        line(section, ds.name(), "dim=" + ds.dim(), "data_dir=" + ds.dataDir(), "label_dir=" + ds.labelDir());
        if (!ds.isSegmentation()) {
            // only for the newer kinds, so the ids of ingested ImgSegDatasets stay what they were
            line(section + ".kind", "mode=" + ds.mode(), "cls_label=" + ds.clsLabel());
        }
        if (ds.isMultiModality()) {
            line(section + ".modalities", String.valueOf(ds.modalities().dirs()), String.valueOf(ds.modalities().suffixes()),
                    ds.modalities().combine());
        }
        for (int i = 0; i < loader.dataPaths().size(); i++) {
            line(section + ".path", scanner.resolve(loader.dataPaths().get(i)).toString(),
                    i < loader.dataSuffixes().size() ? loader.dataSuffixes().get(i) : "",
                    i < loader.labelSuffixes().size() ? loader.labelSuffixes().get(i) : "");
        }
        line(section + ".data_transforms", String.valueOf(loader.dataTransforms()));
        line(section + ".label_transforms", String.valueOf(loader.effectiveLabelTransforms()));
        if (!loader.classLabelTransforms().isEmpty()) {
            line(section + ".class_label_transforms", String.valueOf(loader.classLabelTransforms()));
        }
        return this;
    }

    public DatasetIdentity split(double ratio, long seed) {
        line("val_split", Double.toString(ratio), Long.toString(seed));
        return this;
    }

    /** The split was chosen by split_files; the chosen files themselves are added by {@link #files}. */
    public DatasetIdentity splitFiles() {
        line("split_files");
        return this;
    }

    /** The training samples carry random augmentation drawn from {@code seed}. */
    public DatasetIdentity augmentation(long seed) {
        line("augmentation", Long.toString(seed));
        return this;
    }

    public DatasetIdentity files(String split, List<SamplePair> pairs) {
        line(split, Integer.toString(pairs.size()));
        java.util.Map<Path, String> stats = new java.util.HashMap<>();
        for (SamplePair p : pairs) {
            if (p.isIdxRecord()) {
                // one IDX file holds every record: stat it once, then name the record and its class
                line(stats.computeIfAbsent(p.image(), DatasetIdentity::file), stats.computeIfAbsent(p.label(),
                        DatasetIdentity::file), "#" + p.recordIndex(), "class=" + p.classIndex());
            } else if (p.label() == null) {
                line(file(p.image()), "class=" + p.classIndex());
            } else {
                line(file(p.image()), file(p.label()));
                for (Path m : p.otherModalities()) {
                    line("modality", file(m));
                }
            }
        }
        return this;
    }

    public String id() {
        return HexFormat.of().formatHex(digest.digest()).substring(0, HEX_CHARS);
    }

    private static String file(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return p + "|" + a.size() + "|" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + p, e);
        }
    }

    private void line(String... parts) {
        // length-prefixed fields so that no two different inputs produce the same byte stream
        for (String s : parts) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            digest.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(b);
        }
        digest.update((byte) '\n');
    }
}
