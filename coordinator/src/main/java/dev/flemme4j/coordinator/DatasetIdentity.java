package dev.flemme4j.coordinator;

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
        for (int i = 0; i < loader.dataPaths().size(); i++) {
            line(section + ".path", scanner.resolve(loader.dataPaths().get(i)).toString(), loader.dataSuffixes().get(i),
                    loader.labelSuffixes().get(i));
        }
        line(section + ".data_transforms", String.valueOf(loader.dataTransforms()));
        line(section + ".label_transforms", String.valueOf(loader.effectiveLabelTransforms()));
        return this;
    }

    public DatasetIdentity split(double ratio, long seed) {
        line("val_split", Double.toString(ratio), Long.toString(seed));
        return this;
    }

    public DatasetIdentity files(String split, List<SamplePair> pairs) {
        line(split, Integer.toString(pairs.size()));
        for (SamplePair p : pairs) {
            line(file(p.image()), file(p.label()));
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
