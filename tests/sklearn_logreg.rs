//! suara's logistic regression against scikit-learn's on the same sparse
//! data (tests/fixtures/sklearn/logreg.json, written by
//! tools/sklearn_lr_fixture.py): same objective, so the same optimum.

use suara::sentiment::linear::{ClassWeight, Dataset, LogisticParams, SparseRow};

#[test]
fn coefficients_match_scikit_learn() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sklearn/logreg.json"))
            .unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rows: Vec<SparseRow> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .zip(v["vals"].as_array().unwrap())
        .map(|(r, x)| SparseRow {
            idx: r.as_array().unwrap().iter().map(|i| i.as_u64().unwrap() as u32).collect(),
            val: x.as_array().unwrap().iter().map(|f| f.as_f64().unwrap() as f32).collect(),
        })
        .collect();
    let data = Dataset {
        y: v["y"].as_array().unwrap().iter().map(|y| y.as_u64().unwrap() as usize).collect(),
        weight: v["weight"].as_array().unwrap().iter().map(|w| w.as_f64().unwrap()).collect(),
        n_features: v["n_features"].as_u64().unwrap() as usize,
        n_classes: v["n_classes"].as_u64().unwrap() as usize,
        rows,
    };
    for case in v["cases"].as_array().unwrap() {
        let params = LogisticParams {
            c: case["C"].as_f64().unwrap(),
            tol: 1e-8,
            max_iter: 5000,
            class_weight: if case["balanced"].as_bool().unwrap() {
                ClassWeight::Balanced
            } else {
                ClassWeight::Uniform
            },
            ..Default::default()
        };
        let m = params.check().unwrap().fit(&data).unwrap();
        // scikit-learn's coef_ is [class][feature]; ours is [feature][class].
        let coef = case["coef"].as_array().unwrap();
        let mut worst = 0.0f64;
        for (c, row) in coef.iter().enumerate() {
            for (f, want) in row.as_array().unwrap().iter().enumerate() {
                let got = m.weights[f * data.n_classes + c] as f64;
                worst = worst.max((got - want.as_f64().unwrap()).abs());
            }
        }
        for (c, want) in case["intercept"].as_array().unwrap().iter().enumerate() {
            worst = worst.max((m.intercept[c] as f64 - want.as_f64().unwrap()).abs());
        }
        assert!(m.converged, "C={}: not converged after {} iterations", case["C"], m.iterations);
        assert!(
            worst < 1e-3,
            "C={}: largest coefficient difference {worst} (iterations {})",
            case["C"],
            m.iterations
        );
        for (i, probs) in case["proba_first5"].as_array().unwrap().iter().enumerate() {
            let p = m.predict_proba(&data.rows[i]);
            for (c, want) in probs.as_array().unwrap().iter().enumerate() {
                assert!(
                    (p[c] - want.as_f64().unwrap()).abs() < 1e-4,
                    "row {i} class {c}: {} vs {want}",
                    p[c]
                );
            }
        }
    }
}
