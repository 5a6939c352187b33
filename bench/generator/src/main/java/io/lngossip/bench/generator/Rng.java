package io.lngossip.bench.generator;

/**
 * SplitMix64 with the few distributions the generator needs. Our own, and with {@link StrictMath}, so the same seed
 * gives the same bytes on every JVM and platform (java.util's generators and Math's intrinsics promise less).
 */
final class Rng {
    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    /** A generator for a named sub-stream of {@code seed}, independent of the others. */
    static Rng derive(long seed, long stream) {
        Rng r = new Rng(seed ^ (stream * 0x9E3779B97F4A7C15L));
        r.nextLong();
        return r;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return (int) ((nextLong() >>> 33) * bound >>> 31);
    }

    /** Uniform in [lo, hi], inclusive. */
    long between(long lo, long hi) {
        return lo + (long) (nextDouble() * (hi - lo + 1));
    }

    boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Exponential with the given mean. */
    double exponential(double mean) {
        return -mean * StrictMath.log(1 - nextDouble());
    }

    /** Pareto with minimum 1 and tail index {@code alpha}: heavy-tailed, mean alpha / (alpha - 1). */
    double pareto(double alpha) {
        return StrictMath.pow(1 - nextDouble(), -1 / alpha);
    }

    /** Standard normal (Box-Muller, one of the pair). */
    double gaussian() {
        double u = 1 - nextDouble();
        double v = nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * StrictMath.PI * v);
    }

    /** Log-normal with the given median and log-scale sigma. */
    double logNormal(double median, double sigma) {
        return median * StrictMath.exp(sigma * gaussian());
    }

    void nextBytes(byte[] out, int offset, int length) {
        int i = 0;
        while (i < length) {
            long v = nextLong();
            for (int k = 0; k < 8 && i < length; k++, i++) {
                out[offset + i] = (byte) (v >>> (8 * k));
            }
        }
    }

    /** Picks index i with probability weights[i] / sum(weights). */
    int pick(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
