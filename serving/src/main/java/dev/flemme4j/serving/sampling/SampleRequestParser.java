package dev.flemme4j.serving.sampling;

import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import dev.flemme4j.protocol.diffusion.InvalidSampleRequestException;
import dev.flemme4j.protocol.diffusion.SampleRequest;
import dev.flemme4j.protocol.diffusion.SamplingListener;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Reads the JSON body of {@code POST /v1/models/{name}/sample}: {@code n} (1), {@code steps} (the model's default
 * for the sampler), {@code sampler} (the model's), {@code eta} (the model's), {@code guidance} (the model's
 * {@code guidance_weight} when a condition is given and the model is guided, else 0), {@code condition} (a class
 * index, a list of n class indices, or a flat list of n conditions' values), {@code seed} (0),
 * {@code format} ({@code png} | {@code tensor} | {@code ply}: point clouds of latent diffusion) and {@code preview_every} (SSE previews every k steps).
 * Every problem names its field.
 */
final class SampleRequestParser {
    static final Set<String> FIELDS = Set.of("n", "steps", "sampler", "eta", "guidance", "condition", "seed", "format",
            "preview_every");

    private SampleRequestParser() {
    }

    record Parsed(SampleRequest request, String format, int previewEvery) {
    }

    static Parsed parse(JsonObject body, DiffusionSettings s, int maxSamples, SamplingListener listener) {
        for (String key : body.fieldNames()) {
            if (!FIELDS.contains(key)) {
                throw new InvalidSampleRequestException(key, "unknown field; valid fields: " + new java.util.TreeSet<>(FIELDS));
            }
        }
        int n = integer(body, "n", 1);
        if (n < 1 || n > maxSamples) {
            throw new InvalidSampleRequestException("n", "must be in [1, " + maxSamples + "], found " + n);
        }
        String sampler = string(body, "sampler", s.sampler());
        if (!s.samplers().contains(sampler)) {
            throw new InvalidSampleRequestException("sampler", "'" + sampler + "' cannot sample this " + s.model()
                    + " model; use one of " + s.samplers());
        }
        int dflt = sampler.equals("ddim") ? s.numSampleSteps() : s.numSteps();
        int steps = integer(body, "steps", dflt);
        if (body.containsKey("eta") && !sampler.equals("ddim")) {
            throw new InvalidSampleRequestException("eta", "only the ddim sampler takes eta; this request's sampler is " + sampler);
        }
        double eta = sampler.equals("ddim") ? number(body, "eta", s.eta()) : 0;
        float[] condition = condition(body.getValue("condition"), n, s);
        double guidance = number(body, "guidance", condition != null && s.guidable() ? s.guidanceWeight() : 0);
        long seed = body.getValue("seed") == null ? 0 : integer(body, "seed", 0);
        String format = string(body, "format", "png");
        if (!format.equals("png") && !format.equals("tensor") && !format.equals("ply")) {
            throw new InvalidSampleRequestException("format", "png, tensor or ply, found '" + format + "'");
        }
        int previewEvery = integer(body, "preview_every", Math.max(1, steps / 10));
        if (previewEvery < 1) {
            throw new InvalidSampleRequestException("preview_every", "must be positive, found " + previewEvery);
        }
        return new Parsed(new SampleRequest(sampler, n, steps, eta, guidance, condition, seed, listener), format, previewEvery);
    }

    /** A class index or n of them (OneHot models with {@code apply_onehot}, or one-hot models), or flat values. */
    private static float[] condition(Object raw, int n, DiffusionSettings s) {
        if (raw == null) {
            return null;
        }
        if (!s.conditional()) {
            throw new InvalidSampleRequestException("condition", "this model is unconditional");
        }
        JsonArray values = raw instanceof Number ? new JsonArray().add(raw) : raw instanceof JsonArray a ? a : null;
        if (values == null) {
            throw new InvalidSampleRequestException("condition", "expected a class index or a list of numbers");
        }
        boolean classes = s.numClasses() > 0 && (values.size() == 1 || values.size() == n);
        if (classes) {
            boolean index = s.conditionShape().isEmpty(); // the model one-hot encodes itself (apply_onehot)
            int size = s.conditionSize();
            float[] c = new float[n * size];
            for (int i = 0; i < n; i++) {
                Object v = values.getValue(values.size() == 1 ? 0 : i);
                if (!(v instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue())
                        || num.intValue() < 0 || num.intValue() >= s.numClasses()) {
                    throw new InvalidSampleRequestException("condition", "class indices must be integers in [0, "
                            + s.numClasses() + "), found " + v);
                }
                if (index) {
                    c[i] = num.intValue();
                } else {
                    c[i * size + num.intValue()] = 1f;
                }
            }
            return c;
        }
        int size = s.conditionSize();
        if (values.size() != size && values.size() != n * size) {
            throw new InvalidSampleRequestException("condition", "expected " + size + " or " + n * size + " values (shape "
                    + s.conditionShape() + " per sample), found " + values.size());
        }
        float[] c = new float[n * size];
        for (int i = 0; i < c.length; i++) {
            Object v = values.getValue(values.size() == size ? i % size : i);
            if (!(v instanceof Number num)) {
                throw new InvalidSampleRequestException("condition", "values must be numbers, found " + v);
            }
            c[i] = num.floatValue();
        }
        return c;
    }

    private static int integer(JsonObject body, String key, int dflt) {
        Object v = body.getValue(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue())) {
            throw new InvalidSampleRequestException(key, "expected an integer, found " + v);
        }
        if (num.doubleValue() < Integer.MIN_VALUE || num.doubleValue() > Integer.MAX_VALUE) {
            throw new InvalidSampleRequestException(key, "out of range, found " + v);
        }
        return num.intValue();
    }

    private static double number(JsonObject body, String key, double dflt) {
        Object v = body.getValue(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number num)) {
            throw new InvalidSampleRequestException(key, "expected a number, found " + v);
        }
        return num.doubleValue();
    }

    private static String string(JsonObject body, String key, String dflt) {
        Object v = body.getValue(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof String str)) {
            throw new InvalidSampleRequestException(key, "expected a string, found " + v);
        }
        return str;
    }
}
