package dev.flemme4j.cli.local;

import dev.flemme4j.protocol.image.FloatImage;
import dev.flemme4j.protocol.image.ImageCodec;
import dev.flemme4j.protocol.image.ImageGrid;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Scores a served segmentation model the way a user would: each held-out PNG is POSTed to the serving HTTP
 * endpoint and the returned mask compared with the true mask (Dice per image, then the mean, as Flemme
 * averages metrics). Also writes a picture of the first few cases, one per row under the column titles
 * image | truth | prediction.
 */
public final class HeldOutEvaluation {
    /** Mean Dice over {@code images} and where the picture went. */
    public record Result(double meanDice, int images, Path picture, double meanLatencyMillis) {
    }

    private static final int PICTURE_ROWS = 8;
    static final List<String> TITLES = List.of("image", "truth", "prediction");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Result run(String segmentUrl, Path imageDir, Path maskDir, Path picture) throws IOException, InterruptedException {
        List<Path> images;
        try (Stream<Path> s = Files.list(imageDir)) {
            images = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        if (images.isEmpty()) {
            throw new IOException("no held-out images in " + imageDir);
        }
        double diceSum = 0;
        long nanos = 0;
        List<BufferedImage> tiles = new ArrayList<>();
        for (Path img : images) {
            byte[] body = Files.readAllBytes(img);
            long t0 = System.nanoTime();
            HttpResponse<byte[]> resp = http.send(HttpRequest.newBuilder(URI.create(segmentUrl))
                    .header("Content-Type", "image/png").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            nanos += System.nanoTime() - t0;
            if (resp.statusCode() != 200) {
                throw new IOException("serving answered " + resp.statusCode() + " for " + img.getFileName() + ": "
                        + new String(resp.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            BufferedImage predicted = ImageIO.read(new ByteArrayInputStream(resp.body()));
            BufferedImage truth = atSizeOf(ImageIO.read(maskDir.resolve(img.getFileName()).toFile()), predicted);
            diceSum += dice(predicted, truth);
            if (tiles.size() < PICTURE_ROWS * 3) {
                tiles.add(enlarged(ImageIO.read(img.toFile())));
                tiles.add(enlarged(truth));
                tiles.add(enlarged(predicted));
            }
        }
        Files.createDirectories(picture.getParent());
        Files.write(picture, ImageCodec.encodePng(picture(tiles)));
        return new Result(diceSum / images.size(), images.size(), picture, nanos / 1e6 / images.size());
    }

    /** Image, truth and prediction tiles, three per row, under their column titles. */
    static BufferedImage picture(List<BufferedImage> tiles) {
        return ColumnTitles.above(ImageGrid.tile(tiles, TITLES.size(), 2), TITLES.size(), 2, TITLES);
    }

    /**
     * The true mask at the served mask's size. Serving answers at the model's input size (e.g. 32×32 for a job that
     * resizes 64×64 images); the true mask is brought there with the same nearest resize the training labels got,
     * so Dice is measured at the resolution the model was trained and validated at.
     */
    static BufferedImage atSizeOf(BufferedImage truth, BufferedImage predicted) {
        if (truth.getWidth() == predicted.getWidth() && truth.getHeight() == predicted.getHeight()) {
            return truth;
        }
        return FloatImage.fromImage(truth, 1.0 / 255).toGrayscale()
                .resizeNearest(predicted.getHeight(), predicted.getWidth()).toBufferedImage();
    }

    /** Pixel-exact enlargement (nearest neighbour) so small training images are visible at a glance. */
    static BufferedImage enlarged(BufferedImage img) {
        int scale = Math.max(1, 192 / Math.max(img.getWidth(), img.getHeight()));
        if (scale == 1) {
            return img;
        }
        // keeps grey masks grey and colour pictures in colour
        int type = img.getType() == BufferedImage.TYPE_CUSTOM ? BufferedImage.TYPE_INT_RGB : img.getType();
        BufferedImage out = new BufferedImage(img.getWidth() * scale, img.getHeight() * scale, type);
        java.awt.Graphics2D g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(img, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }

    /** Binary Dice of two masks (foreground = brighter than mid-grey); 1 when both are empty. */
    static double dice(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new IllegalArgumentException("mask sizes differ: " + a.getWidth() + "x" + a.getHeight() + " vs "
                    + b.getWidth() + "x" + b.getHeight());
        }
        long inter = 0;
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                boolean pa = (a.getRaster().getSample(x, y, 0)) > 127;
                boolean pb = (b.getRaster().getSample(x, y, 0)) > 127;
                if (pa && pb) {
                    inter++;
                }
                sum += (pa ? 1 : 0) + (pb ? 1 : 0);
            }
        }
        return sum == 0 ? 1.0 : 2.0 * inter / sum;
    }
}
