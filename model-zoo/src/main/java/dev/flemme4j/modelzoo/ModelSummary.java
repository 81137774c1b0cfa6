package dev.flemme4j.modelzoo;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.flemme4j.modelzoo.block.Described;
import dev.flemme4j.modelzoo.block.NetworkBlock;

/**
 * Renders a block tree as indented lines {@code name: description [trainable params]}, leaves included,
 * e.g. {@code decoder/up0/conv: ConvTranspose2d(256→256, k=4, s=2, p=1) [1,048,832]}.
 */
final class ModelSummary {
    private ModelSummary() {
    }

    static String of(String title, Block root) {
        StringBuilder out = new StringBuilder();
        out.append(title).append(": ").append(describe(root)).append(" [").append(format(trainable(root))).append(" trainable]\n");
        appendChildren(out, root, 1);
        return out.toString();
    }

    private static void appendChildren(StringBuilder out, Block block, int depth) {
        for (Pair<String, Block> child : block.getChildren()) {
            Block b = child.getValue();
            out.append("  ".repeat(depth)).append(NetworkBlock.childName(child.getKey())).append(": ").append(describe(b));
            long n = trainable(b);
            if (n > 0) {
                out.append(" [").append(format(n)).append(']');
            }
            out.append('\n');
            appendChildren(out, b, depth + 1);
        }
    }

    private static String describe(Block b) {
        return b instanceof Described d ? d.description() : b.getClass().getSimpleName();
    }

    private static long trainable(Block b) {
        long n = 0;
        for (Pair<String, Parameter> p : b.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getShape().size();
            }
        }
        return n;
    }

    private static String format(long n) {
        return String.format("%,d", n);
    }
}
