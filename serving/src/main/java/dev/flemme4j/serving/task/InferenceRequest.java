package dev.flemme4j.serving.task;

import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.serving.api.ApiException;
import dev.flemme4j.serving.api.ErrorReason;
import dev.flemme4j.serving.ort.OnnxModel;
import java.util.Locale;
import java.util.Map;

/**
 * One checked request as a {@link TaskRunner} sees it, the same whether it came over HTTP or Kafka: the leased model, the body, whether it is an image (else a tensor
 * record), the query parameters and the media type the caller accepts.
 */
public record InferenceRequest(OnnxModel model, byte[] body, boolean image, Map<String, String> query, String accept) {

    /**
     * A query parameter that may take one of two values, {@code defaultValue} when absent.
     *
     * @throws ApiException 400 naming the parameter for any other value
     */
    public String choice(String param, String defaultValue, String other) {
        String value = query.get(param);
        if (value == null || value.equals(defaultValue)) {
            return defaultValue;
        }
        if (value.equals(other)) {
            return other;
        }
        throw new ApiException(400, ErrorReason.BAD_TENSOR, param, "Invalid value '" + value + "' for query parameter " + param
                + ": expected " + defaultValue + " or " + other);
    }

    /** Whether the caller asked for JSON (and not for a tensor record) in its Accept header. */
    public boolean acceptsOnlyJson() {
        String a = accept == null ? "" : accept.toLowerCase(Locale.ROOT);
        return a.contains("application/json") && !a.contains(TensorRecordCodec.MEDIA_TYPE);
    }
}
