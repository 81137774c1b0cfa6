package dev.flemme4j.modelzoo.encoder.pointcloud;

import dev.flemme4j.protocol.config.ConfigNode;
import java.util.List;

/** The checks every point-cloud encoder parser applies to its section. */
final class PointClouds {
    /** Upstream's dense family; only the single dense block is built in flemme4j so far. */
    private static final List<String> LATER_BLOCKS = List.of("double_dense", "double_fc", "res_dense", "res_fc");

    private PointClouds() {
    }

    /** Upstream sets {@code data_form} from the encoder name; a config may only repeat the point-cloud one. */
    static void requirePointData(ConfigNode n) {
        String form = n.string("data_form", "PCD");
        if (!form.equals("PCD")) {
            throw n.error("data_form", "point-cloud encoders read point clouds (PCD), found '" + form + "'");
        }
    }

    /** Upstream's create_encoder defaults building_block to 'single', which no point-cloud encoder accepts. */
    static void requireDenseBlock(ConfigNode n, String block, String encoder) {
        if (!n.has("building_block")) {
            throw n.error("building_block", "is required for " + encoder + " (upstream's default 'single' is refused); use dense or fc");
        }
        if (LATER_BLOCKS.contains(block)) {
            throw n.error("building_block", "'" + block + "' is known to Flemme but not supported yet for " + encoder
                    + " in flemme4j; use dense (or fc)");
        }
        if (!block.equals("dense") && !block.equals("fc")) {
            throw n.error("building_block", "'" + block + "' is not a building block of " + encoder
                    + " (upstream: dense, fc, double_dense, double_fc, res_dense, res_fc)");
        }
    }
}
