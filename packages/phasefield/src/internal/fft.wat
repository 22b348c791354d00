;; WebAssembly SIMD kernels of the row-vectorised real FFT (source of fftWasm.ts, which holds the
;; compiled bytes; regenerate with `npm run build:wasm`, a test checks they are current).
;; The JavaScript reference is rowFft.ts / realFft.ts: every kernel performs the same floating-point
;; operations in the same order (no fused multiply-add), so both paths agree to the last bit.
;;
;; One complex value (re, im) is one f64x2. All pointers are byte offsets into the imported memory.
;; Complex product t = b w for a twiddle w = (wr, wi) constant along a row:
;;   t = b * splat(wr) + swap(b) * (-wi, +wi)        (lane 0: br wr - bi wi, lane 1: bi wr + br wi)
;;
;; dit(a, n, rowBytes, cos, sin, sgn): fftRowsDit - in-place DFT along the n rows (power of two) of
;;   the complex matrix at a (rows of rowBytes = 16 width bytes), rows given in bit-reversed order,
;;   output natural; sgn = -1 forward, +1 inverse; cos/sin: the plan's tables cos/sin(2 pi k / n).
;; dif(a, n, rowBytes, cos, sin, sgn): fftRowsDif - natural order in, bit-reversed rows out.
;; interleave(real, packed, nx, m, rev): row rev[j] of packed = real rows 2j + i 2j+1 (nx even).
;; deinterleave(packed, real, nx, m): real rows 2j, 2j+1 = Re, Im of packed row j.
;; splitForward / splitInverse: step 3 of RealFft.forward / RealFft.inverseInPlace for one plane.
;; Pointwise kernels of the periodic constant-mobility Cahn-Hilliard step (cahnHilliard.ts):
;; polynomialMu(u, mu, n, rho2, ca, cb): mu[i] = rho2 a b (b - a), a = u[i] - ca, b = cb - u[i] (n even).
;; spectralUpdate(uHat, spec, gl, count): for each complex entry s (gl[s] = (g, l)):
;;   uHat[s] += g (spec[s] + l uHat[s]); spec[s] = uHat[s].
(module
  (memory (import "env" "memory") 1)

  ;; The swap (re, im) -> (im, re) is written out as i8x16.shuffle 8..15 0..7 of the value (the
  ;; second operand is unused) and the complex product inline, through the local $c: V8 does not
  ;; inline calls between WebAssembly functions, and a call per element costs more than the FFT.

  ;; (-w, w) for a scalar w
  (func $cross (param $w f64) (result v128)
    (f64x2.replace_lane 0 (f64x2.splat (local.get $w)) (f64.neg (local.get $w))))

  ;; radix-2 stage with span 1 (twiddle 1) on rows (2g, 2g+1)
  (func $radix2 (param $a i32) (param $n i32) (param $rowBytes i32)
    (local $p i32) (local $q i32) (local $end i32) (local $off i32) (local $x v128) (local $y v128)
    (local.set $p (local.get $a))
    (local.set $end (i32.add (local.get $a) (i32.mul (local.get $n) (local.get $rowBytes))))
    (block $done
      (loop $g
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $q (i32.add (local.get $p) (local.get $rowBytes)))
        (local.set $off (i32.const 0))
        (loop $k
          (local.set $x (v128.load align=8 (i32.add (local.get $p) (local.get $off))))
          (local.set $y (v128.load align=8 (i32.add (local.get $q) (local.get $off))))
          (v128.store align=8 (i32.add (local.get $p) (local.get $off)) (f64x2.add (local.get $x) (local.get $y)))
          (v128.store align=8 (i32.add (local.get $q) (local.get $off)) (f64x2.sub (local.get $x) (local.get $y)))
          (local.set $off (i32.add (local.get $off) (i32.const 16)))
          (br_if $k (i32.lt_u (local.get $off) (local.get $rowBytes))))
        (local.set $p (i32.add (local.get $q) (local.get $rowBytes)))
        (br $g))))

  (func (export "dit") (param $a i32) (param $n i32) (param $rowBytes i32) (param $cos i32) (param $sin i32) (param $sgn f64)
    (local $h i32) (local $s1 i32) (local $s2 i32) (local $hw i32) (local $g i32) (local $j i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $off i32)
    (local $w1i f64) (local $v2r f64) (local $v2i f64)
    (local $W1 v128) (local $W1x v128) (local $V2 v128) (local $V2x v128) (local $V3 v128) (local $V3x v128)
    (local $S v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128) (local $t v128) (local $u v128) (local $c v128)
    (if (i32.le_u (local.get $n) (i32.const 1)) (then (return)))
    (local.set $h (i32.const 1))
    (if (i32.and (i32.ctz (local.get $n)) (i32.const 1))
      (then
        (call $radix2 (local.get $a) (local.get $n) (local.get $rowBytes))
        (local.set $h (i32.const 2))))
    ;; u = (-sgn b3i, sgn b3r) = swap(b3) * S
    (local.set $S (call $cross (local.get $sgn)))
    (block $hDone
      (loop $hLoop
        (br_if $hDone (i32.ge_u (local.get $h) (local.get $n)))
        (local.set $s1 (i32.shl (i32.div_u (local.get $n) (i32.shl (local.get $h) (i32.const 1))) (i32.const 3)))
        (local.set $s2 (i32.shl (i32.div_u (local.get $n) (i32.shl (local.get $h) (i32.const 2))) (i32.const 3)))
        (local.set $hw (i32.mul (local.get $h) (local.get $rowBytes)))
        (local.set $g (i32.const 0))
        (block $gDone
          (loop $gLoop
            (br_if $gDone (i32.ge_u (local.get $g) (local.get $n)))
            ;; j = 0: twiddles 1 and -+i
            (local.set $p0 (i32.add (local.get $a) (i32.mul (local.get $g) (local.get $rowBytes))))
            (local.set $p1 (i32.add (local.get $p0) (local.get $hw)))
            (local.set $p2 (i32.add (local.get $p1) (local.get $hw)))
            (local.set $p3 (i32.add (local.get $p2) (local.get $hw)))
            (local.set $off (i32.const 0))
            (loop $k0
              (local.set $a0 (v128.load align=8 (i32.add (local.get $p0) (local.get $off))))
              (local.set $a1 (v128.load align=8 (i32.add (local.get $p1) (local.get $off))))
              (local.set $a2 (v128.load align=8 (i32.add (local.get $p2) (local.get $off))))
              (local.set $a3 (v128.load align=8 (i32.add (local.get $p3) (local.get $off))))
              (local.set $b0 (f64x2.add (local.get $a0) (local.get $a1)))
              (local.set $b1 (f64x2.sub (local.get $a0) (local.get $a1)))
              (local.set $b2 (f64x2.add (local.get $a2) (local.get $a3)))
              (local.set $b3 (f64x2.sub (local.get $a2) (local.get $a3)))
              (local.set $u (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $b3) (v128.const i64x2 0 0)) (local.get $S)))
              (v128.store align=8 (i32.add (local.get $p0) (local.get $off)) (f64x2.add (local.get $b0) (local.get $b2)))
              (v128.store align=8 (i32.add (local.get $p2) (local.get $off)) (f64x2.sub (local.get $b0) (local.get $b2)))
              (v128.store align=8 (i32.add (local.get $p1) (local.get $off)) (f64x2.add (local.get $b1) (local.get $u)))
              (v128.store align=8 (i32.add (local.get $p3) (local.get $off)) (f64x2.sub (local.get $b1) (local.get $u)))
              (local.set $off (i32.add (local.get $off) (i32.const 16)))
              (br_if $k0 (i32.lt_u (local.get $off) (local.get $rowBytes))))
            (local.set $j (i32.const 1))
            (block $jDone
              (loop $jLoop
                (br_if $jDone (i32.ge_u (local.get $j) (local.get $h)))
                ;; w1 = cos + i sgn sin at j s1, v2 at j s2, v3 = v2 (-+i) = (-sgn v2i, sgn v2r)
                (local.set $W1 (v128.load64_splat (i32.add (local.get $cos) (i32.mul (local.get $j) (local.get $s1)))))
                (local.set $w1i (f64.mul (local.get $sgn) (f64.load (i32.add (local.get $sin) (i32.mul (local.get $j) (local.get $s1))))))
                (local.set $W1x (call $cross (local.get $w1i)))
                (local.set $v2r (f64.load (i32.add (local.get $cos) (i32.mul (local.get $j) (local.get $s2)))))
                (local.set $v2i (f64.mul (local.get $sgn) (f64.load (i32.add (local.get $sin) (i32.mul (local.get $j) (local.get $s2))))))
                (local.set $V2 (f64x2.splat (local.get $v2r)))
                (local.set $V2x (call $cross (local.get $v2i)))
                (local.set $V3 (f64x2.splat (f64.mul (f64.neg (local.get $sgn)) (local.get $v2i))))
                (local.set $V3x (call $cross (f64.mul (local.get $sgn) (local.get $v2r))))
                (local.set $p0 (i32.add (local.get $a) (i32.mul (i32.add (local.get $g) (local.get $j)) (local.get $rowBytes))))
                (local.set $p1 (i32.add (local.get $p0) (local.get $hw)))
                (local.set $p2 (i32.add (local.get $p1) (local.get $hw)))
                (local.set $p3 (i32.add (local.get $p2) (local.get $hw)))
                (local.set $off (i32.const 0))
                (loop $k
                  (local.set $a0 (v128.load align=8 (i32.add (local.get $p0) (local.get $off))))
                  (local.set $a2 (v128.load align=8 (i32.add (local.get $p2) (local.get $off))))
                  (local.set $a1 (f64x2.add (f64x2.mul (local.tee $c (v128.load align=8 (i32.add (local.get $p1) (local.get $off)))) (local.get $W1)) (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c) (v128.const i64x2 0 0)) (local.get $W1x))))
                  (local.set $a3 (f64x2.add (f64x2.mul (local.tee $c (v128.load align=8 (i32.add (local.get $p3) (local.get $off)))) (local.get $W1)) (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c) (v128.const i64x2 0 0)) (local.get $W1x))))
                  (local.set $b0 (f64x2.add (local.get $a0) (local.get $a1)))
                  (local.set $b1 (f64x2.sub (local.get $a0) (local.get $a1)))
                  (local.set $t (f64x2.add (f64x2.mul (local.tee $c (f64x2.add (local.get $a2) (local.get $a3))) (local.get $V2)) (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c) (v128.const i64x2 0 0)) (local.get $V2x))))
                  (local.set $u (f64x2.add (f64x2.mul (local.tee $c (f64x2.sub (local.get $a2) (local.get $a3))) (local.get $V3)) (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c) (v128.const i64x2 0 0)) (local.get $V3x))))
                  (v128.store align=8 (i32.add (local.get $p0) (local.get $off)) (f64x2.add (local.get $b0) (local.get $t)))
                  (v128.store align=8 (i32.add (local.get $p2) (local.get $off)) (f64x2.sub (local.get $b0) (local.get $t)))
                  (v128.store align=8 (i32.add (local.get $p1) (local.get $off)) (f64x2.add (local.get $b1) (local.get $u)))
                  (v128.store align=8 (i32.add (local.get $p3) (local.get $off)) (f64x2.sub (local.get $b1) (local.get $u)))
                  (local.set $off (i32.add (local.get $off) (i32.const 16)))
                  (br_if $k (i32.lt_u (local.get $off) (local.get $rowBytes))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $jLoop)))
            (local.set $g (i32.add (local.get $g) (i32.shl (local.get $h) (i32.const 2))))
            (br $gLoop)))
        (local.set $h (i32.shl (local.get $h) (i32.const 2)))
        (br $hLoop))))

  (func (export "dif") (param $a i32) (param $n i32) (param $rowBytes i32) (param $cos i32) (param $sin i32) (param $sgn f64)
    (local $big i32) (local $h i32) (local $s1 i32) (local $s2 i32) (local $hw i32) (local $g i32) (local $j i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $off i32)
    (local $w1i f64) (local $v2r f64) (local $v2i f64)
    (local $W1 v128) (local $W1x v128) (local $V2 v128) (local $V2x v128) (local $V3 v128) (local $V3x v128)
    (local $S v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128) (local $c v128)
    (if (i32.le_u (local.get $n) (i32.const 1)) (then (return)))
    (local.set $S (call $cross (local.get $sgn)))
    (local.set $big (i32.shr_u (local.get $n) (i32.const 1)))
    (block $bigDone
      (loop $bigLoop
        (br_if $bigDone (i32.lt_u (local.get $big) (i32.const 2)))
        (local.set $h (i32.shr_u (local.get $big) (i32.const 1)))
        (local.set $s1 (i32.shl (i32.div_u (local.get $n) (i32.shl (local.get $h) (i32.const 1))) (i32.const 3)))
        (local.set $s2 (i32.shl (i32.div_u (local.get $n) (i32.shl (local.get $h) (i32.const 2))) (i32.const 3)))
        (local.set $hw (i32.mul (local.get $h) (local.get $rowBytes)))
        (local.set $g (i32.const 0))
        (block $gDone
          (loop $gLoop
            (br_if $gDone (i32.ge_u (local.get $g) (local.get $n)))
            (local.set $p0 (i32.add (local.get $a) (i32.mul (local.get $g) (local.get $rowBytes))))
            (local.set $p1 (i32.add (local.get $p0) (local.get $hw)))
            (local.set $p2 (i32.add (local.get $p1) (local.get $hw)))
            (local.set $p3 (i32.add (local.get $p2) (local.get $hw)))
            (local.set $off (i32.const 0))
            (loop $k0
              (local.set $a0 (v128.load align=8 (i32.add (local.get $p0) (local.get $off))))
              (local.set $a1 (v128.load align=8 (i32.add (local.get $p1) (local.get $off))))
              (local.set $a2 (v128.load align=8 (i32.add (local.get $p2) (local.get $off))))
              (local.set $a3 (v128.load align=8 (i32.add (local.get $p3) (local.get $off))))
              (local.set $b0 (f64x2.add (local.get $a0) (local.get $a2)))
              (local.set $b1 (f64x2.add (local.get $a1) (local.get $a3)))
              (local.set $b2 (f64x2.sub (local.get $a0) (local.get $a2)))
              (local.set $b3 (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (f64x2.sub (local.get $a1) (local.get $a3)) (v128.const i64x2 0 0)) (local.get $S)))
              (v128.store align=8 (i32.add (local.get $p0) (local.get $off)) (f64x2.add (local.get $b0) (local.get $b1)))
              (v128.store align=8 (i32.add (local.get $p1) (local.get $off)) (f64x2.sub (local.get $b0) (local.get $b1)))
              (v128.store align=8 (i32.add (local.get $p2) (local.get $off)) (f64x2.add (local.get $b2) (local.get $b3)))
              (v128.store align=8 (i32.add (local.get $p3) (local.get $off)) (f64x2.sub (local.get $b2) (local.get $b3)))
              (local.set $off (i32.add (local.get $off) (i32.const 16)))
              (br_if $k0 (i32.lt_u (local.get $off) (local.get $rowBytes))))
            (local.set $j (i32.const 1))
            (block $jDone
              (loop $jLoop
                (br_if $jDone (i32.ge_u (local.get $j) (local.get $h)))
                (local.set $W1 (v128.load64_splat (i32.add (local.get $cos) (i32.mul (local.get $j) (local.get $s1)))))
                (local.set $w1i (f64.mul (local.get $sgn) (f64.load (i32.add (local.get $sin) (i32.mul (local.get $j) (local.get $s1))))))
                (local.set $W1x (call $cross (local.get $w1i)))
                (local.set $v2r (f64.load (i32.add (local.get $cos) (i32.mul (local.get $j) (local.get $s2)))))
                (local.set $v2i (f64.mul (local.get $sgn) (f64.load (i32.add (local.get $sin) (i32.mul (local.get $j) (local.get $s2))))))
                (local.set $V2 (f64x2.splat (local.get $v2r)))
                (local.set $V2x (call $cross (local.get $v2i)))
                (local.set $V3 (f64x2.splat (f64.mul (f64.neg (local.get $sgn)) (local.get $v2i))))
                (local.set $V3x (call $cross (f64.mul (local.get $sgn) (local.get $v2r))))
                (local.set $p0 (i32.add (local.get $a) (i32.mul (i32.add (local.get $g) (local.get $j)) (local.get $rowBytes))))
                (local.set $p1 (i32.add (local.get $p0) (local.get $hw)))
                (local.set $p2 (i32.add (local.get $p1) (local.get $hw)))
                (local.set $p3 (i32.add (local.get $p2) (local.get $hw)))
                (local.set $off (i32.const 0))
                (loop $k
                  (local.set $a0 (v128.load align=8 (i32.add (local.get $p0) (local.get $off))))
                  (local.set $a1 (v128.load align=8 (i32.add (local.get $p1) (local.get $off))))
                  (local.set $a2 (v128.load align=8 (i32.add (local.get $p2) (local.get $off))))
                  (local.set $a3 (v128.load align=8 (i32.add (local.get $p3) (local.get $off))))
                  (local.set $b0 (f64x2.add (local.get $a0) (local.get $a2)))
                  (local.set $b1 (f64x2.add (local.get $a1) (local.get $a3)))
                  (local.set $b2 (f64x2.add (f64x2.mul (local.tee $c (f64x2.sub (local.get $a0) (local.get $a2))) (local.get $V2)) (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c) (v128.const i64x2 0 0)) (local.get $V2x))))
                  (local.set $b3 (f64x2.add (f64x2.mul (local.tee $c (f64x2.sub (local.get $a1) (local.get $a3))) (local.get $V3)) (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c) (v128.const i64x2 0 0)) (local.get $V3x))))
                  (v128.store align=8 (i32.add (local.get $p0) (local.get $off)) (f64x2.add (local.get $b0) (local.get $b1)))
                  (v128.store align=8 (i32.add (local.get $p1) (local.get $off))
                    (f64x2.add (f64x2.mul (local.tee $c (f64x2.sub (local.get $b0) (local.get $b1))) (local.get $W1)) (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c) (v128.const i64x2 0 0)) (local.get $W1x))))
                  (v128.store align=8 (i32.add (local.get $p2) (local.get $off)) (f64x2.add (local.get $b2) (local.get $b3)))
                  (v128.store align=8 (i32.add (local.get $p3) (local.get $off))
                    (f64x2.add (f64x2.mul (local.tee $c (f64x2.sub (local.get $b2) (local.get $b3))) (local.get $W1)) (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c) (v128.const i64x2 0 0)) (local.get $W1x))))
                  (local.set $off (i32.add (local.get $off) (i32.const 16)))
                  (br_if $k (i32.lt_u (local.get $off) (local.get $rowBytes))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $jLoop)))
            (local.set $g (i32.add (local.get $g) (i32.shl (local.get $h) (i32.const 2))))
            (br $gLoop)))
        (local.set $big (i32.shr_u (local.get $big) (i32.const 2)))
        (br $bigLoop)))
    (if (i32.eq (local.get $big) (i32.const 1))
      (then (call $radix2 (local.get $a) (local.get $n) (local.get $rowBytes)))))

  ;; packed row rev[j] (nx complex) = real row 2j + i real row 2j+1, j = 0..m-1; nx even
  (func (export "interleave") (param $real i32) (param $packed i32) (param $nx i32) (param $m i32) (param $rev i32)
    (local $j i32) (local $src0 i32) (local $src1 i32) (local $d i32) (local $x i32) (local $rowBytes i32)
    (local $r0 v128) (local $r1 v128)
    (local.set $rowBytes (i32.shl (local.get $nx) (i32.const 3)))
    (local.set $j (i32.const 0))
    (block $done
      (loop $jLoop
        (br_if $done (i32.ge_u (local.get $j) (local.get $m)))
        (local.set $src0 (i32.add (local.get $real) (i32.mul (i32.shl (local.get $j) (i32.const 1)) (local.get $rowBytes))))
        (local.set $src1 (i32.add (local.get $src0) (local.get $rowBytes)))
        (local.set $d (i32.add (local.get $packed)
          (i32.shl (i32.mul (i32.load (i32.add (local.get $rev) (i32.shl (local.get $j) (i32.const 2)))) (local.get $rowBytes)) (i32.const 1))))
        (local.set $x (i32.const 0))
        (loop $xLoop
          (local.set $r0 (v128.load align=8 (i32.add (local.get $src0) (local.get $x))))
          (local.set $r1 (v128.load align=8 (i32.add (local.get $src1) (local.get $x))))
          (v128.store align=8 (local.get $d)
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $r0) (local.get $r1)))
          (v128.store offset=16 align=8 (local.get $d)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $r0) (local.get $r1)))
          (local.set $d (i32.add (local.get $d) (i32.const 32)))
          (local.set $x (i32.add (local.get $x) (i32.const 16)))
          (br_if $xLoop (i32.lt_u (local.get $x) (local.get $rowBytes))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jLoop))))

  ;; real rows 2j, 2j+1 = Re, Im of packed row j (nx complex), j = 0..m-1; nx even
  (func (export "deinterleave") (param $packed i32) (param $real i32) (param $nx i32) (param $m i32)
    (local $d0 i32) (local $d1 i32) (local $src i32) (local $x i32) (local $rowBytes i32) (local $end i32)
    (local $z0 v128) (local $z1 v128)
    (local.set $rowBytes (i32.shl (local.get $nx) (i32.const 3)))
    (local.set $src (local.get $packed))
    (local.set $d0 (local.get $real))
    (local.set $end (i32.add (local.get $real) (i32.mul (i32.shl (local.get $m) (i32.const 1)) (local.get $rowBytes))))
    (block $done
      (loop $jLoop
        (br_if $done (i32.ge_u (local.get $d0) (local.get $end)))
        (local.set $d1 (i32.add (local.get $d0) (local.get $rowBytes)))
        (local.set $x (i32.const 0))
        (loop $xLoop
          (local.set $z0 (v128.load align=8 (local.get $src)))
          (local.set $z1 (v128.load offset=16 align=8 (local.get $src)))
          (v128.store align=8 (i32.add (local.get $d0) (local.get $x))
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $z0) (local.get $z1)))
          (v128.store align=8 (i32.add (local.get $d1) (local.get $x))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $z0) (local.get $z1)))
          (local.set $src (i32.add (local.get $src) (i32.const 32)))
          (local.set $x (i32.add (local.get $x) (i32.const 16)))
          (br_if $xLoop (i32.lt_u (local.get $x) (local.get $rowBytes))))
        (local.set $d0 (i32.add (local.get $d1) (local.get $rowBytes)))
        (br $jLoop))))

;; Forward split of one plane: packed plane p (m rows of nx complex, natural order after the y
  ;; transform) into the spectrum at spec, line x at byte offset rows[x] (= 16 hy linePerm[x],
  ;; relative to spec), columns k and m-k for k = 0..m/2 (a = Z[k], b = Z[m-k], c = exp(-2 pi i k / ny)):
  ;;   E = (a + conj b)/2, O = (a - conj b)/(2i), Y[k] = E + c_k O, Y[m-k] = conj E + c_{m-k} conj O.
  ;; Lines in blocks of `block` (keeps the strided spectrum rows in L1), as realFft.ts.
  (func (export "splitForward") (param $p i32) (param $spec i32) (param $nx i32) (param $m i32) (param $rows i32)
      (param $cos i32) (param $sin i32) (param $block i32)
    (local $x0 i32) (local $x1 i32) (local $x i32) (local $k i32) (local $km i32) (local $zk i32) (local $zm i32)
    (local $rowBytes i32) (local $kb i32) (local $kmb i32) (local $row i32)
    (local $ckr v128) (local $ckx v128) (local $cmr v128) (local $cmi v128)
    (local $b v128) (local $cb v128) (local $E v128) (local $O v128) (local $sO v128)
    (local.set $rowBytes (i32.shl (local.get $nx) (i32.const 4)))
    (local.set $x0 (i32.const 0))
    (block $x0Done
      (loop $x0Loop
        (br_if $x0Done (i32.ge_u (local.get $x0) (local.get $nx)))
        (local.set $x1 (i32.add (local.get $x0) (local.get $block)))
        (if (i32.gt_u (local.get $x1) (local.get $nx)) (then (local.set $x1 (local.get $nx))))
        (local.set $k (i32.const 0))
        (block $kDone
          (loop $kLoop
            (br_if $kDone (i32.gt_u (local.get $k) (i32.shr_u (local.get $m) (i32.const 1))))
            (local.set $km (i32.sub (local.get $m) (local.get $k)))
            (local.set $zk (i32.add (local.get $p) (i32.mul (local.get $k) (local.get $rowBytes))))
            (local.set $zm (i32.add (local.get $p)
              (i32.mul (select (i32.const 0) (local.get $km) (i32.eq (local.get $km) (local.get $m))) (local.get $rowBytes))))
            ;; c_k = (cos, -sin)(k): splat(cos k) and (-c_k.im, c_k.im) = (sin k, -sin k)
            (local.set $ckr (v128.load64_splat (i32.add (local.get $cos) (i32.shl (local.get $k) (i32.const 3)))))
            (local.set $ckx (call $cross (f64.neg (f64.load (i32.add (local.get $sin) (i32.shl (local.get $k) (i32.const 3)))))))
            (local.set $cmr (v128.load64_splat (i32.add (local.get $cos) (i32.shl (local.get $km) (i32.const 3)))))
            (local.set $cmi (f64x2.splat (f64.neg (f64.load (i32.add (local.get $sin) (i32.shl (local.get $km) (i32.const 3)))))))
            (local.set $kb (i32.add (local.get $spec) (i32.shl (local.get $k) (i32.const 4))))
            (local.set $kmb (i32.add (local.get $spec) (i32.shl (local.get $km) (i32.const 4))))
            (local.set $x (local.get $x0))
            (loop $xLoop
              (local.set $b (v128.load align=8 (i32.add (local.get $zm) (i32.shl (local.get $x) (i32.const 4)))))
              (local.set $cb (f64x2.mul (local.get $b) (v128.const f64x2 1 -1)))
              (local.set $b (v128.load align=8 (i32.add (local.get $zk) (i32.shl (local.get $x) (i32.const 4)))))
              ;; E = 0.5 (a + conj b); O = (0.5 (ai + bi), -0.5 (ar - br)) = (0.5, -0.5) swap(a - conj b)
              (local.set $E (f64x2.mul (v128.const f64x2 0.5 0.5) (f64x2.add (local.get $b) (local.get $cb))))
              (local.set $O (f64x2.mul (v128.const f64x2 0.5 -0.5) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (f64x2.sub (local.get $b) (local.get $cb)) (v128.const i64x2 0 0))))
              (local.set $sO (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $O) (v128.const i64x2 0 0)))
              (local.set $row (i32.load (i32.add (local.get $rows) (i32.shl (local.get $x) (i32.const 2)))))
              ;; Y[k] = (E + ckr O) + (-cki, cki) swap(O)
              (v128.store align=8 (i32.add (local.get $kb) (local.get $row))
                (f64x2.add
                  (f64x2.add (local.get $E) (f64x2.mul (local.get $ckr) (local.get $O)))
                  (f64x2.mul (local.get $ckx) (local.get $sO))))
              ;; Y[m-k] = (conj E + cmr conj O) + cmi swap(O)
              (v128.store align=8 (i32.add (local.get $kmb) (local.get $row))
                (f64x2.add
                  (f64x2.add
                    (f64x2.mul (local.get $E) (v128.const f64x2 1 -1))
                    (f64x2.mul (local.get $cmr) (f64x2.mul (local.get $O) (v128.const f64x2 1 -1))))
                  (f64x2.mul (local.get $cmi) (local.get $sO))))
              (local.set $x (i32.add (local.get $x) (i32.const 1)))
              (br_if $xLoop (i32.lt_u (local.get $x) (local.get $x1))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $kLoop)))
        (local.set $x0 (local.get $x1))
        (br $x0Loop))))

  ;; Inverse split of one plane: spectrum at spec (line x at spec + rows[x], columns k and m-k) into
  ;; packed plane p, row rev[k] (bit-reversed for the decimation-in-time y pass), scaled by `scale`:
  ;;   E = a + conj b, D = a - conj b, O = D exp(+2 pi i k / ny), Z[k] = scale (E + i O);
  ;;   Z[m-k] = scale (conj E - swap(R)), R = (cmr dr + cmi di, cmr di - cmi dr) (k != m-k rows only).
  (func (export "splitInverse") (param $spec i32) (param $p i32) (param $nx i32) (param $m i32) (param $rows i32)
      (param $cos i32) (param $sin i32) (param $rev i32) (param $block i32) (param $scale f64)
    (local $x0 i32) (local $x1 i32) (local $x i32) (local $k i32) (local $km i32) (local $zk i32) (local $zm i32)
    (local $rowBytes i32) (local $kb i32) (local $kmb i32) (local $row i32) (local $both i32)
    (local $ckr v128) (local $ckx v128) (local $cmr v128) (local $cmx v128) (local $sc v128)
    (local $a v128) (local $cb v128) (local $E v128) (local $D v128) (local $sD v128) (local $O v128) (local $R v128)
    (local.set $rowBytes (i32.shl (local.get $nx) (i32.const 4)))
    (local.set $sc (f64x2.splat (local.get $scale)))
    (local.set $x0 (i32.const 0))
    (block $x0Done
      (loop $x0Loop
        (br_if $x0Done (i32.ge_u (local.get $x0) (local.get $nx)))
        (local.set $x1 (i32.add (local.get $x0) (local.get $block)))
        (if (i32.gt_u (local.get $x1) (local.get $nx)) (then (local.set $x1 (local.get $nx))))
        (local.set $k (i32.const 0))
        (block $kDone
          (loop $kLoop
            (br_if $kDone (i32.gt_u (local.get $k) (i32.shr_u (local.get $m) (i32.const 1))))
            (local.set $km (i32.sub (local.get $m) (local.get $k)))
            (local.set $zk (i32.add (local.get $p)
              (i32.mul (i32.load (i32.add (local.get $rev) (i32.shl (local.get $k) (i32.const 2)))) (local.get $rowBytes))))
            (local.set $zm (i32.add (local.get $p)
              (i32.mul
                (i32.load (i32.add (local.get $rev)
                  (i32.shl (select (i32.const 0) (local.get $km) (i32.eq (local.get $km) (local.get $m))) (i32.const 2))))
                (local.get $rowBytes))))
            (local.set $both (i32.ne (local.get $zk) (local.get $zm)))
            ;; w^-k = (cos k, sin k): splat(cos k), (-sin k, sin k); R uses (sin km, -sin km)
            (local.set $ckr (v128.load64_splat (i32.add (local.get $cos) (i32.shl (local.get $k) (i32.const 3)))))
            (local.set $ckx (call $cross (f64.load (i32.add (local.get $sin) (i32.shl (local.get $k) (i32.const 3))))))
            (local.set $cmr (v128.load64_splat (i32.add (local.get $cos) (i32.shl (local.get $km) (i32.const 3)))))
            (local.set $cmx (call $cross (f64.neg (f64.load (i32.add (local.get $sin) (i32.shl (local.get $km) (i32.const 3)))))))
            (local.set $kb (i32.add (local.get $spec) (i32.shl (local.get $k) (i32.const 4))))
            (local.set $kmb (i32.add (local.get $spec) (i32.shl (local.get $km) (i32.const 4))))
            (local.set $x (local.get $x0))
            (loop $xLoop
              (local.set $row (i32.load (i32.add (local.get $rows) (i32.shl (local.get $x) (i32.const 2)))))
              (local.set $a (v128.load align=8 (i32.add (local.get $kb) (local.get $row))))
              (local.set $cb (f64x2.mul (v128.load align=8 (i32.add (local.get $kmb) (local.get $row))) (v128.const f64x2 1 -1)))
              (local.set $E (f64x2.add (local.get $a) (local.get $cb)))
              (local.set $D (f64x2.sub (local.get $a) (local.get $cb)))
              (local.set $sD (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $D) (v128.const i64x2 0 0)))
              ;; O = ckr D + (-cki, cki) swap(D); Z[k] = scale (E + (-1, 1) swap(O))
              (local.set $O (f64x2.add (f64x2.mul (local.get $D) (local.get $ckr)) (f64x2.mul (local.get $sD) (local.get $ckx))))
              (v128.store align=8 (i32.add (local.get $zk) (i32.shl (local.get $x) (i32.const 4)))
                (f64x2.mul (local.get $sc)
                  (f64x2.add (local.get $E) (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $O) (v128.const i64x2 0 0)) (v128.const f64x2 -1 1)))))
              (if (local.get $both)
                (then
                  (local.set $R (f64x2.add (f64x2.mul (local.get $D) (local.get $cmr)) (f64x2.mul (local.get $sD) (local.get $cmx))))
                  (v128.store align=8 (i32.add (local.get $zm) (i32.shl (local.get $x) (i32.const 4)))
                    (f64x2.mul (local.get $sc)
                      (f64x2.sub (f64x2.mul (local.get $E) (v128.const f64x2 1 -1)) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $R) (v128.const i64x2 0 0)))))))
              (local.set $x (i32.add (local.get $x) (i32.const 1)))
              (br_if $xLoop (i32.lt_u (local.get $x) (local.get $x1))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $kLoop)))
        (local.set $x0 (local.get $x1))
        (br $x0Loop))))
;; mu = ((rho2 a) b) (b - a) for two values per step, as the JavaScript loop
  (func (export "polynomialMu") (param $u i32) (param $mu i32) (param $n i32) (param $rho2 f64) (param $ca f64) (param $cb f64)
    (local $off i32) (local $end i32) (local $c v128) (local $a v128) (local $b v128)
    (local $R v128) (local $A v128) (local $B v128)
    (local.set $R (f64x2.splat (local.get $rho2)))
    (local.set $A (f64x2.splat (local.get $ca)))
    (local.set $B (f64x2.splat (local.get $cb)))
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (local.set $off (i32.const 0))
    (block $done
      (loop $i
        (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
        (local.set $c (v128.load align=8 (i32.add (local.get $u) (local.get $off))))
        (local.set $a (f64x2.sub (local.get $c) (local.get $A)))
        (local.set $b (f64x2.sub (local.get $B) (local.get $c)))
        (v128.store align=8 (i32.add (local.get $mu) (local.get $off))
          (f64x2.mul
            (f64x2.mul (f64x2.mul (local.get $R) (local.get $a)) (local.get $b))
            (f64x2.sub (local.get $b) (local.get $a))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $i))))

  ;; uHat += g (spec + l uHat), spec = uHat; one complex entry per step, (g, l) = gl[s]
  (func (export "spectralUpdate") (param $uHat i32) (param $spec i32) (param $gl i32) (param $count i32)
    (local $off i32) (local $end i32) (local $w v128) (local $x v128)
    (local.set $end (i32.shl (local.get $count) (i32.const 4)))
    (local.set $off (i32.const 0))
    (block $done
      (loop $s
        (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
        (local.set $w (v128.load align=8 (i32.add (local.get $gl) (local.get $off))))
        (local.set $x (v128.load align=8 (i32.add (local.get $uHat) (local.get $off))))
        (local.set $x
          (f64x2.add (local.get $x)
            (f64x2.mul
              (i8x16.shuffle 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 (local.get $w) (v128.const i64x2 0 0))
              (f64x2.add
                (v128.load align=8 (i32.add (local.get $spec) (local.get $off)))
                (f64x2.mul
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $w) (v128.const i64x2 0 0))
                  (local.get $x))))))
        (v128.store align=8 (i32.add (local.get $uHat) (local.get $off)) (local.get $x))
        (v128.store align=8 (i32.add (local.get $spec) (local.get $off)) (local.get $x))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $s))))
)
