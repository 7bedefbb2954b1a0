# The DSR rulebook (rules/*.json), all ten rules, as Rego: `pass` is the set of rule ids whose
# rulecard verdict is `pass`.
#
# rulecard decides in three-valued logic; Rego is two-valued, with `undefined` for a missing
# path. A rule passes only when its `applies_if` and its `check` are both definitely true, so
# each condition below asks "definitely true" (T), and where a rule negates a condition, the
# negation asks "definitely false" (F):
#   - a leaf `fact eq v` is T when the fact is present, not null and equal to v (a missing path
#     is undefined and null differs from v, so the comparison fails as it should); it is F when
#     the fact is present, not null and different;
#   - `contains` reads an actual array only;
#   - a quantifier is decided only over an actual array (rulecard: a missing or null array is
#     unknown): `some` is T when one element is T, `every` when every element is T, `none`
#     when every element is F, `count >= n` when at least n elements are T.
# Partial credit, fail, not-applicable and insufficient-data are not encoded.

package dsr

import rego.v1

# --- 5g-security -------------------------------------------------------------------------

# toolbox-commitment: check /five_g/eu_toolbox/commitment eq "implementing"
pass contains "toolbox-commitment" if input.five_g.eu_toolbox.commitment == "implementing"

# hrv-restrictions: check some /five_g/high_risk_vendors/instruments where a binding kind is
# in force and excludes new or removes existing high-risk equipment, or its power was used.
pass contains "hrv-restrictions" if {
	instruments := input.five_g.high_risk_vendors.instruments
	is_array(instruments)
	some instrument in instruments
	instrument.kind in binding_kinds
	instrument.status == "in-force"
	restricts(instrument)
}

binding_kinds := {"law", "regulation", "licence-condition", "authorisation-regime", "regulator-decision"}

restricts(instrument) if requires(instrument, "exclude-new")

restricts(instrument) if requires(instrument, "remove-existing")

restricts(instrument) if instrument.power_used == true

# /requires contains x
requires(instrument, x) if {
	is_array(instrument.requires)
	x in instrument.requires
}

# --- diversification ---------------------------------------------------------------------

# multi-vendor, judged per operator on its 5G network:
#   applies_if any[some operator with a 5G vendor, not(/telecom/operators_complete eq true)]
#   check      all[/telecom/operators_complete exists, every operator is diversified]
pass contains "multi-vendor" if {
	multi_vendor_applies
	input.telecom.operators_complete != null
	operators := input.telecom.operators
	is_array(operators)
	every operator in operators {
		diversified(operator)
	}
}

multi_vendor_applies if {
	is_array(input.telecom.operators)
	some operator in input.telecom.operators
	has_5g_vendor(operator)
}

multi_vendor_applies if not_true(input.telecom.operators_complete)

# An operator is diversified (T) when one of the three branches of the rule's `any` is T.
# No 5G vendor, and no commercial 5G network:
diversified(operator) if {
	no_5g_vendor(operator)
	operator.five_g_launched == false
}

# A 5G vendor; two or more of them, or a list not shown to be single; none of them high-risk:
diversified(operator) if {
	has_5g_vendor(operator)
	several_or_open(operator)
	every vendor in operator.vendors {
		not_high_risk_5g(vendor)
	}
}

# No 5G vendor, and a vendor list not known to be complete:
diversified(operator) if {
	no_5g_vendor(operator)
	not_true(operator.vendors_complete)
}

# any[count(/vendors where 5G) ge 2, not any[/vendors_complete eq true, some 5G sole supplier]]
several_or_open(operator) if {
	count([vendor | some vendor in operator.vendors; carries_5g(vendor)]) >= 2
}

several_or_open(operator) if {
	not_true(operator.vendors_complete)
	every vendor in operator.vendors {
		not_sole_5g(vendor)
	}
}

# some /vendors where /networks contains "5g": T
has_5g_vendor(operator) if {
	is_array(operator.vendors)
	some vendor in operator.vendors
	carries_5g(vendor)
}

# ... and F: every vendor known not to carry 5G
no_5g_vendor(operator) if {
	is_array(operator.vendors)
	every vendor in operator.vendors {
		carries_no_5g(vendor)
	}
}

carries_5g(vendor) if {
	is_array(vendor.networks)
	"5g" in vendor.networks
}

carries_no_5g(vendor) if {
	is_array(vendor.networks)
	not "5g" in vendor.networks
}

# all[/networks contains "5g", /sole_supplier eq true] is F
not_sole_5g(vendor) if carries_no_5g(vendor)

not_sole_5g(vendor) if not_true(vendor.sole_supplier)

# all[/networks contains "5g", /high_risk eq true] is F
not_high_risk_5g(vendor) if carries_no_5g(vendor)

not_high_risk_5g(vendor) if not_true(vendor.high_risk)

# `x eq true` is F: x is present, not null, and not true.
not_true(x) if {
	x != null
	x != true
}

# --- partners ----------------------------------------------------------------------------

# partner-diversification: check /alignment/dsr_footprint eq "limited"
pass contains "partner-diversification" if input.alignment.dsr_footprint == "limited"

# --- procurement -------------------------------------------------------------------------

# tender-transparency: applies once the tender is held
pass contains "tender-transparency" if {
	input.five_g.tender.status == "held"
	input.five_g.tender.open_and_transparent == true
	input.five_g.tender.security_criteria == true
}

# procurement-disclosure: applies to countries with contracts (count >= 1); every contract
# competitively tendered, its procedure and terms public, not classified, not on an
# intergovernmental basis.
pass contains "procurement-disclosure" if {
	contracts := input.procurement.contracts
	is_array(contracts)
	count(contracts) >= 1
	every contract in contracts {
		contract.competitive_tender == true
		contract.procedure_public == true
		contract.terms_public == true
		contract.classified == false
		contract.intergovernmental_basis == false
	}
}

# --- surveillance ------------------------------------------------------------------------

# The three facial-recognition rules apply where facial recognition is deployed.
pass contains "frt-legal-basis" if {
	frt_deployed
	input.surveillance.facial_recognition.specific_legal_basis == true
	input.surveillance.facial_recognition.use_rules_defined == true
	input.surveillance.facial_recognition.access_rules_defined == true
	input.surveillance.facial_recognition.retention_limit_defined == true
}

pass contains "frt-oversight" if {
	frt_deployed
	input.surveillance.facial_recognition.independent_oversight == true
}

pass contains "frt-consultation" if {
	frt_deployed
	input.surveillance.facial_recognition.civil_society_consultation == true
}

frt_deployed if input.surveillance.facial_recognition.deployed == true

# camera-register applies wherever public authorities operate cameras in public space.
pass contains "camera-register" if {
	input.surveillance.public_cameras.deployed == true
	input.surveillance.camera_register.status == "complete"
}
