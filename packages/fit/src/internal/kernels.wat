;; WebAssembly SIMD kernel of the fit engine (source of kernelsWasm.ts, which holds the compiled
;; bytes; regenerate with `npm run build:wasm`, a test checks they are current).
;;
;; syrk(base, n, M, out): the upper triangle of C = X^T X for the column-major n-by-M matrix X
;; stored from byte offset `base` (column c at base + 8 n c), written row-major M-by-M at byte
;; offset `out` (entries below the diagonal are left as they were, except in the 2-row blocks that
;; straddle it). Register blocks of 2 columns p by 4 columns q; the rows go two at a time in f64x2
;; lanes (each lane a separate partial sum, added at the end), an odd last row in scalar.
;; Column indices past the end are clamped to the last column and their sums not stored.
;;
;; scaleColumns(base, n, m, w, s): X[i, k] *= w[i] * s[k] for the n-by-m matrix at `base`, the
;; n-vector at `w` and the m-vector at `s`; returns the first column holding a NaN or infinity
;; after scaling, or -1.
;;
;; residuals(model, y, w, f, n): f[i] = (model[i] - y[i]) * w[i]; returns sum f[i]^2.
(module
  (memory (import "env" "memory") 1)

  ;; lane 0 + lane 1 of s, plus x[tail] * y[tail] when hasTail
  (func $finish (param $s v128) (param $x i32) (param $y i32) (param $hasTail i32) (result f64)
    (local $sum f64)
    (local.set $sum
      (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s))))
    (if (local.get $hasTail)
      (then
        (local.set $sum
          (f64.add (local.get $sum)
            (f64.mul (f64.load (local.get $x)) (f64.load (local.get $y)))))))
    (local.get $sum))

  ;; out[r * M + c] = v when r < M and c < M
  (func $put (param $out i32) (param $M i32) (param $r i32) (param $c i32) (param $v f64)
    (if (i32.and (i32.lt_u (local.get $r) (local.get $M)) (i32.lt_u (local.get $c) (local.get $M)))
      (then
        (f64.store
          (i32.add (local.get $out)
            (i32.shl (i32.add (i32.mul (local.get $r) (local.get $M)) (local.get $c)) (i32.const 3)))
          (local.get $v)))))

  ;; byte offset of column min(c, M - 1)
  (func $column (param $base i32) (param $colBytes i32) (param $M i32) (param $c i32) (result i32)
    (if (i32.ge_u (local.get $c) (local.get $M))
      (then (local.set $c (i32.sub (local.get $M) (i32.const 1)))))
    (i32.add (local.get $base) (i32.mul (local.get $c) (local.get $colBytes))))

  (func (export "syrk") (param $base i32) (param $n i32) (param $M i32) (param $out i32)
    (local $colBytes i32) (local $evenBytes i32) (local $hasTail i32)
    (local $p i32) (local $q i32) (local $off i32)
    (local $a0 i32) (local $a1 i32) (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local $x0 v128) (local $x1 v128) (local $y v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128)
    (local $s10 v128) (local $s11 v128) (local $s12 v128) (local $s13 v128)
    (local.set $colBytes (i32.shl (local.get $n) (i32.const 3)))
    (local.set $evenBytes (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (local.set $hasTail (i32.and (local.get $n) (i32.const 1)))
    (local.set $p (i32.const 0))
    (block $pDone
      (loop $pLoop
        (br_if $pDone (i32.ge_u (local.get $p) (local.get $M)))
        (local.set $a0 (call $column (local.get $base) (local.get $colBytes) (local.get $M) (local.get $p)))
        (local.set $a1 (call $column (local.get $base) (local.get $colBytes) (local.get $M) (i32.add (local.get $p) (i32.const 1))))
        (local.set $q (local.get $p))
        (block $qDone
          (loop $qLoop
            (br_if $qDone (i32.ge_u (local.get $q) (local.get $M)))
            (local.set $b0 (call $column (local.get $base) (local.get $colBytes) (local.get $M) (local.get $q)))
            (local.set $b1 (call $column (local.get $base) (local.get $colBytes) (local.get $M) (i32.add (local.get $q) (i32.const 1))))
            (local.set $b2 (call $column (local.get $base) (local.get $colBytes) (local.get $M) (i32.add (local.get $q) (i32.const 2))))
            (local.set $b3 (call $column (local.get $base) (local.get $colBytes) (local.get $M) (i32.add (local.get $q) (i32.const 3))))
            (local.set $s00 (v128.const f64x2 0 0)) (local.set $s01 (v128.const f64x2 0 0))
            (local.set $s02 (v128.const f64x2 0 0)) (local.set $s03 (v128.const f64x2 0 0))
            (local.set $s10 (v128.const f64x2 0 0)) (local.set $s11 (v128.const f64x2 0 0))
            (local.set $s12 (v128.const f64x2 0 0)) (local.set $s13 (v128.const f64x2 0 0))
            (local.set $off (i32.const 0))
            (block $iDone
              (loop $iLoop
                (br_if $iDone (i32.ge_u (local.get $off) (local.get $evenBytes)))
                (local.set $x0 (v128.load align=8 (i32.add (local.get $a0) (local.get $off))))
                (local.set $x1 (v128.load align=8 (i32.add (local.get $a1) (local.get $off))))
                (local.set $y (v128.load align=8 (i32.add (local.get $b0) (local.get $off))))
                (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x0) (local.get $y))))
                (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x1) (local.get $y))))
                (local.set $y (v128.load align=8 (i32.add (local.get $b1) (local.get $off))))
                (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x0) (local.get $y))))
                (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x1) (local.get $y))))
                (local.set $y (v128.load align=8 (i32.add (local.get $b2) (local.get $off))))
                (local.set $s02 (f64x2.add (local.get $s02) (f64x2.mul (local.get $x0) (local.get $y))))
                (local.set $s12 (f64x2.add (local.get $s12) (f64x2.mul (local.get $x1) (local.get $y))))
                (local.set $y (v128.load align=8 (i32.add (local.get $b3) (local.get $off))))
                (local.set $s03 (f64x2.add (local.get $s03) (f64x2.mul (local.get $x0) (local.get $y))))
                (local.set $s13 (f64x2.add (local.get $s13) (f64x2.mul (local.get $x1) (local.get $y))))
                (local.set $off (i32.add (local.get $off) (i32.const 16)))
                (br $iLoop)))
            ;; $off = evenBytes: the odd last row, if any, is at this offset in every column
            (call $put (local.get $out) (local.get $M) (local.get $p) (local.get $q)
              (call $finish (local.get $s00) (i32.add (local.get $a0) (local.get $off)) (i32.add (local.get $b0) (local.get $off)) (local.get $hasTail)))
            (call $put (local.get $out) (local.get $M) (local.get $p) (i32.add (local.get $q) (i32.const 1))
              (call $finish (local.get $s01) (i32.add (local.get $a0) (local.get $off)) (i32.add (local.get $b1) (local.get $off)) (local.get $hasTail)))
            (call $put (local.get $out) (local.get $M) (local.get $p) (i32.add (local.get $q) (i32.const 2))
              (call $finish (local.get $s02) (i32.add (local.get $a0) (local.get $off)) (i32.add (local.get $b2) (local.get $off)) (local.get $hasTail)))
            (call $put (local.get $out) (local.get $M) (local.get $p) (i32.add (local.get $q) (i32.const 3))
              (call $finish (local.get $s03) (i32.add (local.get $a0) (local.get $off)) (i32.add (local.get $b3) (local.get $off)) (local.get $hasTail)))
            (call $put (local.get $out) (local.get $M) (i32.add (local.get $p) (i32.const 1)) (local.get $q)
              (call $finish (local.get $s10) (i32.add (local.get $a1) (local.get $off)) (i32.add (local.get $b0) (local.get $off)) (local.get $hasTail)))
            (call $put (local.get $out) (local.get $M) (i32.add (local.get $p) (i32.const 1)) (i32.add (local.get $q) (i32.const 1))
              (call $finish (local.get $s11) (i32.add (local.get $a1) (local.get $off)) (i32.add (local.get $b1) (local.get $off)) (local.get $hasTail)))
            (call $put (local.get $out) (local.get $M) (i32.add (local.get $p) (i32.const 1)) (i32.add (local.get $q) (i32.const 2))
              (call $finish (local.get $s12) (i32.add (local.get $a1) (local.get $off)) (i32.add (local.get $b2) (local.get $off)) (local.get $hasTail)))
            (call $put (local.get $out) (local.get $M) (i32.add (local.get $p) (i32.const 1)) (i32.add (local.get $q) (i32.const 3))
              (call $finish (local.get $s13) (i32.add (local.get $a1) (local.get $off)) (i32.add (local.get $b3) (local.get $off)) (local.get $hasTail)))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (br $qLoop)))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (br $pLoop))))
;; v * 0 is NaN exactly when v is NaN or infinite; the lanes of acc collect that.
  (func (export "scaleColumns") (param $base i32) (param $n i32) (param $m i32) (param $w i32) (param $s i32) (result i32)
    (local $k i32) (local $col i32) (local $off i32) (local $evenBytes i32) (local $scale v128) (local $acc v128)
    (local $v v128) (local $x f64)
    (local.set $evenBytes (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (local.set $k (i32.const 0))
    (block $kDone
      (loop $kLoop
        (br_if $kDone (i32.ge_u (local.get $k) (local.get $m)))
        (local.set $col (i32.add (local.get $base) (i32.shl (i32.mul (local.get $k) (local.get $n)) (i32.const 3))))
        (local.set $scale (f64x2.splat (f64.load (i32.add (local.get $s) (i32.shl (local.get $k) (i32.const 3))))))
        (local.set $acc (v128.const f64x2 0 0))
        (local.set $off (i32.const 0))
        (block $iDone
          (loop $iLoop
            (br_if $iDone (i32.ge_u (local.get $off) (local.get $evenBytes)))
            (local.set $v
              (f64x2.mul
                (f64x2.mul (v128.load align=8 (i32.add (local.get $col) (local.get $off))) (v128.load align=8 (i32.add (local.get $w) (local.get $off))))
                (local.get $scale)))
            (v128.store align=8 (i32.add (local.get $col) (local.get $off)) (local.get $v))
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $v) (v128.const f64x2 0 0))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $iLoop)))
        (if (i32.and (local.get $n) (i32.const 1))
          (then
            (local.set $x
              (f64.mul
                (f64.mul (f64.load (i32.add (local.get $col) (local.get $off))) (f64.load (i32.add (local.get $w) (local.get $off))))
                (f64x2.extract_lane 0 (local.get $scale))))
            (f64.store (i32.add (local.get $col) (local.get $off)) (local.get $x))
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.splat (f64.mul (local.get $x) (f64.const 0)))))))
        (if (f64.ne (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))) (f64.const 0))
          (then (return (local.get $k))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $kLoop)))
    (i32.const -1))

  (func (export "residuals") (param $model i32) (param $y i32) (param $w i32) (param $f i32) (param $n i32) (result f64)
    (local $off i32) (local $evenBytes i32) (local $r v128) (local $sum v128) (local $x f64) (local $t f64)
    (local.set $evenBytes (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (local.set $sum (v128.const f64x2 0 0))
    (local.set $off (i32.const 0))
    (block $iDone
      (loop $iLoop
        (br_if $iDone (i32.ge_u (local.get $off) (local.get $evenBytes)))
        (local.set $r
          (f64x2.mul
            (f64x2.sub (v128.load align=8 (i32.add (local.get $model) (local.get $off))) (v128.load align=8 (i32.add (local.get $y) (local.get $off))))
            (v128.load align=8 (i32.add (local.get $w) (local.get $off)))))
        (v128.store align=8 (i32.add (local.get $f) (local.get $off)) (local.get $r))
        (local.set $sum (f64x2.add (local.get $sum) (f64x2.mul (local.get $r) (local.get $r))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $iLoop)))
    (local.set $x (f64.add (f64x2.extract_lane 0 (local.get $sum)) (f64x2.extract_lane 1 (local.get $sum))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $t
          (f64.mul
            (f64.sub (f64.load (i32.add (local.get $model) (local.get $off))) (f64.load (i32.add (local.get $y) (local.get $off))))
            (f64.load (i32.add (local.get $w) (local.get $off)))))
        (f64.store (i32.add (local.get $f) (local.get $off)) (local.get $t))
        (local.set $x (f64.add (local.get $x) (f64.mul (local.get $t) (local.get $t))))))
    (local.get $x))
)
