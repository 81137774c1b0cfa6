package dev.flemme4j.modelzoo.loss.pointcloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The exact matching against brute force (n ≤ 7), a subset DP (n = 12, 14) and an ε-scaled auction (n = 64). */
class LinearAssignmentTest {

    private static double total(float[] cost, int n, int[] match) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += cost[i * n + match[i]];
        }
        return s;
    }

    private static void assertPermutation(int[] match) {
        int[] sorted = match.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i], "not a permutation: " + Arrays.toString(match));
        }
    }

    private static float[] randomCost(Random r, int n) {
        float[] c = new float[n * n];
        for (int i = 0; i < c.length; i++) {
            c[i] = r.nextFloat() * 10 - 3;
        }
        return c;
    }

    @Test
    void matchesEveryPermutationOnSmallMatrices() {
        Random r = new Random(7);
        for (int n = 1; n <= 7; n++) {
            for (int trial = 0; trial < 30; trial++) {
                float[] c = randomCost(r, n);
                int[] match = LinearAssignment.solve(c, n);
                assertPermutation(match);
                assertEquals(AssignmentReferences.bruteForce(c, n), total(c, n, match), 1e-5, "n=" + n + " trial " + trial);
            }
        }
    }

    @Test
    void tiesAndRepeatedRowsStillGiveAPermutation() {
        int n = 6;
        float[] c = new float[n * n];
        Arrays.fill(c, 2f);
        int[] match = LinearAssignment.solve(c, n);
        assertPermutation(match);
        assertEquals(12.0, total(c, n, match), 1e-9);
    }

    @Test
    void matchesSubsetDynamicProgramming() {
        Random r = new Random(11);
        for (int n : new int[] {12, 14}) {
            for (int trial = 0; trial < 3; trial++) {
                float[] c = randomCost(r, n);
                int[] match = LinearAssignment.solve(c, n);
                assertPermutation(match);
                assertEquals(AssignmentReferences.subsetDp(c, n), total(c, n, match), 1e-4);
            }
        }
    }

    @Test
    void matchesAnExactAuctionOnSixtyFourPointClouds() {
        Random r = new Random(3);
        int n = 64;
        for (int trial = 0; trial < 3; trial++) {
            float[][] x = new float[n][3];
            float[][] y = new float[n][3];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 3; k++) {
                    x[i][k] = r.nextFloat();
                    y[i][k] = r.nextFloat() + 0.1f * k;
                }
            }
            // integer costs (squared distances in units of 1e-6) keep both solvers exact: floats hold them unrounded
            long[] integer = new long[n * n];
            float[] asFloat = new float[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double d = 0;
                    for (int k = 0; k < 3; k++) {
                        d += (x[i][k] - y[j][k]) * (x[i][k] - y[j][k]);
                    }
                    integer[i * n + j] = Math.round(d * 1e6);
                    asFloat[i * n + j] = integer[i * n + j];
                }
            }
            int[] hungarian = LinearAssignment.solve(asFloat, n);
            int[] auction = AssignmentReferences.auction(integer, n);
            assertPermutation(hungarian);
            assertPermutation(auction);
            long a = 0;
            long h = 0;
            for (int i = 0; i < n; i++) {
                a += integer[i * n + auction[i]];
                h += integer[i * n + hungarian[i]];
            }
            assertEquals(a, h, "trial " + trial);
        }
    }

    @Test
    void identityIsOptimalForIdenticalClouds() {
        int n = 50;
        Random r = new Random(5);
        float[][] x = new float[n][3];
        for (float[] p : x) {
            for (int k = 0; k < 3; k++) {
                p[k] = r.nextFloat();
            }
        }
        float[] c = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < 3; k++) {
                    c[i * n + j] += (x[i][k] - x[j][k]) * (x[i][k] - x[j][k]);
                }
            }
        }
        int[] expected = new int[n];
        Arrays.setAll(expected, i -> i);
        assertArrayEquals(expected, LinearAssignment.solve(c, n));
    }

    @Test
    void rejectsAMatrixOfTheWrongSize() {
        assertThrows(IllegalArgumentException.class, () -> LinearAssignment.solve(new float[5], 2));
    }
}
