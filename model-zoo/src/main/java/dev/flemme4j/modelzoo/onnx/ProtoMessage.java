package dev.flemme4j.modelzoo.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Appends protobuf fields to a buffer, in the order written (protobuf allows any order). Only the wire
 * forms ONNX needs: varint, length-delimited and 32-bit float. Repeated scalars are written unpacked, the
 * proto2 default that onnx.proto uses.
 */
final class ProtoMessage {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    ProtoMessage int64(int field, long value) {
        return write(() -> out.writeInt64(field, value));
    }

    ProtoMessage int32(int field, int value) {
        return write(() -> out.writeInt32(field, value));
    }

    ProtoMessage float32(int field, float value) {
        return write(() -> out.writeFloat(field, value));
    }

    ProtoMessage string(int field, String value) {
        return write(() -> out.writeString(field, value));
    }

    ProtoMessage bytes(int field, byte[] value) {
        return write(() -> out.writeByteArray(field, value));
    }

    ProtoMessage message(int field, ProtoMessage value) {
        return write(() -> out.writeBytes(field, value.toByteString()));
    }

    ByteString toByteString() {
        flush();
        return ByteString.copyFrom(bytes.toByteArray());
    }

    byte[] toByteArray() {
        flush();
        return bytes.toByteArray();
    }

    private void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ProtoMessage write(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private interface IoAction {
        void run() throws IOException;
    }
}
