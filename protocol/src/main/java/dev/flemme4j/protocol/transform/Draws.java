package dev.flemme4j.protocol.transform;

/** The random numbers one sample's random transforms draw; inactive draws make random transforms a no-op. */
public interface Draws {
    /** No draws: random transforms are skipped (validation samples, shape checks). */
    Draws NONE = new Draws() {
        @Override
        public boolean active() {
            return false;
        }

        @Override
        public double uniform() {
            throw new IllegalStateException("no draws");
        }

        @Override
        public int below(int bound) {
            throw new IllegalStateException("no draws");
        }
    };

    /** Active draws from a fixed seed (deterministic choices, e.g. a validation sample's points). */
    static Draws seeded(long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        return new Draws() {
            @Override
            public boolean active() {
                return true;
            }

            @Override
            public double uniform() {
                return r.nextDouble();
            }

            @Override
            public int below(int bound) {
                return r.nextInt(bound);
            }
        };
    }

    boolean active();

    /** Uniform in [0, 1). */
    double uniform();

    /** Uniform in [0, bound). */
    int below(int bound);
}
