package dev.flemme4j.protocol.image;

/** Bytes that are not an image we can read, or an image that cannot become the model's input. */
public final class ImageDecodeException extends RuntimeException {
    public ImageDecodeException(String message) {
        super(message);
    }

    public ImageDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
