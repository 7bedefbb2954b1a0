//! The paper's own conclusions, asserted on the scorecard of the shipped data as the paper
//! saw it (June 2021). Each test quotes the line it encodes. When one fails, the rule or
//! the fact is wrong — never the test. Where the paper is silent, the test asserts
//! `insufficient-data` and names the fact that is missing.

use rulecard::engine::Options;
use rulecard::report::{ProfileReport, Report};
use rulecard::sources::SourceFilter;
use rulecard::{Engine, Origin, Verdict};

/// The paper's publication month, at its end.
const PAPER_DATE: &str = "2021-06-30";

/// The scorecard as the paper saw it: at its date, on the paper and the sources it cites
/// (`rulecard scorecard --as-of 2021-06-30 --only-sources paper`). Later evidence in the
/// fixtures must not change it.
fn paper_view() -> Report {
    let engine = Engine::load(Origin::Embedded).expect("the shipped rulebook compiles");
    let profiles = engine
        .load_profiles(Origin::Embedded)
        .expect("the shipped fixtures load");
    let paper = SourceFilter::parse("paper").expect("a kind of source");
    engine
        .report_opts(
            &profiles,
            &Options {
                as_of: Some(PAPER_DATE),
                only_sources: Some(&paper),
                ..Options::default()
            },
        )
        .expect("the paper's date is a date")
}

fn profile<'r>(r: &'r Report, id: &str) -> &'r ProfileReport {
    r.profiles
        .iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no profile {id}"))
}

fn verdict(r: &Report, id: &str, rule: &str) -> (Verdict, Option<f64>) {
    let v = profile(r, id)
        .verdicts
        .iter()
        .find(|v| v.rule == rule)
        .unwrap_or_else(|| panic!("no rule {rule}"));
    (v.verdict, v.score)
}

fn missing(r: &Report, id: &str, rule: &str) -> Vec<String> {
    profile(r, id)
        .verdicts
        .iter()
        .find(|v| v.rule == rule)
        .map(|v| v.missing.clone())
        .unwrap_or_default()
}

#[test]
fn the_three_that_aligned_with_the_us_get_credit_for_restricting_untrusted_vendors() {
    // "North Macedonia, Albania, and Kosovo have aligned with the US and expressed readiness
    // to take steps to forbid 'untrusted vendors' from participating in the upcoming tenders
    // for the 5G infrastructure." (Conclusion and Recommendations)
    let r = paper_view();
    for id in ["MK", "AL", "XK"] {
        assert_eq!(
            verdict(&r, id, "hrv-restrictions"),
            (Verdict::Partial, Some(0.5)),
            "{id}: readiness, not yet a ban"
        );
    }
}

#[test]
fn the_three_that_did_not_join_the_clean_network_fail_to_restrict_untrusted_vendors() {
    // "Montenegro, Bosnia and Herzegovina, and Serbia have not joined the 'Clean Network'
    // initiative, nor have they banned the involvement of Chinese companies in the future 5G
    // network." (Conclusion and Recommendations)
    let r = paper_view();
    for id in ["ME", "BA", "RS"] {
        assert_eq!(
            verdict(&r, id, "hrv-restrictions"),
            (Verdict::Fail, Some(0.0)),
            "{id}"
        );
    }
}

#[test]
fn serbias_washington_agreement_is_a_paper_tiger_and_earns_nothing() {
    // "Serbia did not sign a separate agreement with the US on the issue, nor has it
    // introduced relevant legislation." ... "Each provider will choose its supplier and for
    // now, there are no limitations on who that supplier can be." (Washington Agreement – the
    // paper tiger; Huawei's involvement in telecommunication)
    let r = paper_view();
    let rs = verdict(&r, "RS", "hrv-restrictions");
    let xk = verdict(&r, "XK", "hrv-restrictions");
    assert_eq!(rs.0, Verdict::Fail);
    // Kosovo signed the same Article 9, but also its own memorandum: only that earns credit.
    assert!(xk.1 > rs.1, "Kosovo {xk:?} above Serbia {rs:?}");
}

#[test]
fn montenegros_middle_road_earns_diversification_credit() {
    // "state-owned Montenegro Telekom stated that it will use the Ericsson and Nokia equipment
    // in the first phase of the 5G rollout ... It was also announced that the state-owned
    // telecommunication company will seek to diversify its suppliers to mitigate the security
    // risks." (Montenegro – the one that treads lightly)
    let r = paper_view();
    let (v, score) = verdict(&r, "ME", "multi-vendor");
    assert_eq!(
        v,
        Verdict::Partial,
        "only one operator is named: not a pass"
    );
    assert!(
        score.unwrap() > 0.5,
        "diversified on count and on risk: {score:?}"
    );
}

#[test]
fn albanias_sole_ericsson_supplier_is_diversified_on_risk_not_on_count() {
    // "after the US pressure, Vodafone Albania decided to choose Ericsson as the sole
    // supplier." (Albania – keeping the distance)
    let r = paper_view();
    assert_eq!(
        verdict(&r, "AL", "multi-vendor"),
        (Verdict::Partial, Some(0.5))
    );
    assert!(
        verdict(&r, "ME", "multi-vendor").1 > verdict(&r, "AL", "multi-vendor").1,
        "two vendors rank above one"
    );
}

#[test]
fn serbias_vendor_choice_is_on_hold() {
    // "Given that it was just a test and that Telenor is still waiting for the full rollout
    // of the 5G network, it is yet to be seen whether Huawei will be the partner in that case
    // as well." ... "With that, the choice of vendors has been put on hold."
    let r = paper_view();
    assert_eq!(
        verdict(&r, "RS", "multi-vendor").0,
        Verdict::InsufficientData
    );
    assert!(missing(&r, "RS", "multi-vendor").contains(&"/telecom/operators_complete".to_string()));
}

#[test]
fn serbias_postponed_tender_is_not_judged_and_the_pledge_earns_nothing() {
    // "At the end of December 2020, Prime Minister Brnabić said that Serbia will delay the
    // rollout of the 5G and that the tender would not be held in 2021 either" ... "Brnabić
    // said that Serbia will have an open and transparent tender for partners when the time
    // for the 5G network rollout comes."
    let r = paper_view();
    assert_eq!(
        verdict(&r, "RS", "tender-transparency").0,
        Verdict::NotApplicable
    );
}

#[test]
fn serbias_contracts_with_huawei_were_not_made_public() {
    // "As for all of the other projects mentioned in this publication, the procedure of
    // purchase was not made public or explained." ... "the information about the
    // procurement process was classified as 'secret'." (Huawei's involvement in
    // telecommunication; Big Brother is watching)
    let r = paper_view();
    assert_eq!(
        verdict(&r, "RS", "procurement-disclosure"),
        (Verdict::Fail, Some(0.0))
    );
}

#[test]
fn serbias_facial_recognition_lacks_rules_control_and_consultation() {
    // "A clear set of rules, in line with the law and ensuring the protection of the personal
    // rights of citizens, has to be adopted and implemented. Experts, researchers, and civil
    // society organizations should be involved in the creation of the set of rules. Control
    // mechanisms must be put in place to avoid potential misuse of the equipment and
    // collected data." (Recommendations (4))
    let r = paper_view();
    for rule in ["frt-legal-basis", "frt-oversight", "frt-consultation"] {
        assert_eq!(
            verdict(&r, "RS", rule),
            (Verdict::Fail, Some(0.0)),
            "{rule}"
        );
    }
}

#[test]
fn belgrades_published_camera_locations_are_incomplete() {
    // "The Ministry has made public the 290 locations where the Huawei cameras are being
    // installed, but without the exact number of devices. ... Supporters of the initiative
    // have been able to map 1001 cameras in 447 locations across Belgrade." ... "The
    // Ministry is obligated, by law, to publicly publish all locations of the surveillance
    // cameras." (Big Brother is watching)
    let r = paper_view();
    assert_eq!(verdict(&r, "RS", "camera-register").0, Verdict::Partial);
}

#[test]
fn chinas_digital_footprint_orders_the_partner_rule() {
    // "Out of six Western Balkan countries, Serbia is the focal point of DSR and the most
    // prominent partner of China in the region." "Bosnia and Herzegovina, besides Serbia, is
    // the country that has developed the most significant cooperation with China within the
    // DSR framework." Montenegro: "Both countries have been included in the DSR in some
    // capacities." "Although there is a limited Chinese presence in the digital sphere in
    // North Macedonia, Albania, and Kosovo ..." (Summary; To Ban or not to Ban)
    let r = paper_view();
    let score = |id| verdict(&r, id, "partner-diversification").1.unwrap();
    assert_eq!(
        verdict(&r, "RS", "partner-diversification").0,
        Verdict::Fail
    );
    assert!(score("RS") < score("BA"));
    assert!(score("BA") < score("ME"));
    for id in ["MK", "AL", "XK"] {
        assert_eq!(
            verdict(&r, id, "partner-diversification").0,
            Verdict::Pass,
            "{id}"
        );
    }
}

#[test]
fn no_country_has_a_stated_toolbox_commitment() {
    // "Brussels included the 5G issue in its Economic and Investment Plan for the Western
    // Balkans, but it only referred to a recommendation to 'enhance cybersecurity capacity
    // ... especially by implementing the EU toolbox regarding cybersecurity risks to 5G
    // networks.' The document did not include concrete measures or a roadmap." The paper
    // states no country's own commitment: the rule stays undecided, naming the fact.
    let r = paper_view();
    for p in &r.profiles {
        assert_eq!(
            verdict(&r, &p.id, "toolbox-commitment").0,
            Verdict::InsufficientData,
            "{}",
            p.id
        );
        assert_eq!(
            missing(&r, &p.id, "toolbox-commitment"),
            vec!["/five_g/eu_toolbox/commitment".to_string()]
        );
    }
}

#[test]
fn the_aligned_three_lead_the_non_aligned_three_on_5g_security() {
    // "Out of six Western Balkans countries, three of them have already distanced themselves
    // from DSR through alignment with the US 'Clean Network' initiative. Kosovo, North
    // Macedonia, and Albania have joined the initiative and limited, if not fully banned, the
    // presence of the Chinese telecommunication companies in their respective countries."
    let r = paper_view();
    let security = |id: &str| {
        profile(&r, id).categories["5g-security"]
            .score
            .expect("decided")
    };
    for aligned in ["MK", "AL", "XK"] {
        for other in ["ME", "BA", "RS"] {
            assert!(
                security(aligned) > security(other),
                "{aligned} above {other} on 5G security"
            );
        }
    }
}

#[test]
fn the_paper_leaves_most_countries_ungraded() {
    // The paper is a study of Serbia with a regional survey: beyond Serbia, too little is
    // decided for a grade, and the scorecard says so rather than grading on noise.
    let r = paper_view();
    let rs = profile(&r, "RS");
    assert!(
        rs.grade.is_some(),
        "Serbia is studied in depth: {}",
        rs.coverage
    );
    for p in r.profiles.iter().filter(|p| p.id != "RS") {
        assert!(p.grade.is_none() && p.grade_withheld.is_some(), "{}", p.id);
    }
}
