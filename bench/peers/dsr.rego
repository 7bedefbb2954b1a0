# The DSR rulebook (rules/*.json), all ten rules, as Rego: `pass` is the set of rule ids whose
# rulecard verdict is `pass`.
#
# rulecard decides in three-valued logic; Rego is two-valued, with `undefined` for a missing
# path. A rule passes only when its applicability and check are both definitely true, so each
# condition below asks "definitely true": a leaf `fact eq v` holds when the fact is present,
# not null and equal to v (a missing path or null fails the comparison, as it should), and a
# negated leaf `not(fact eq v)` holds only when the fact is present, not null and differs.
# Quantifiers hold only over an actual array (rulecard: a missing or null array is unknown).

package dsr

import rego.v1

# toolbox-commitment: check /five_g/eu_toolbox/commitment eq "implementing"
pass contains "toolbox-commitment" if input.five_g.eu_toolbox.commitment == "implementing"

# hrv-restrictions: check /five_g/high_risk_vendors/restriction eq "binding"
pass contains "hrv-restrictions" if input.five_g.high_risk_vendors.restriction == "binding"

# multi-vendor: every operator has two or more vendors (or a list known to be open) and no
# high-risk one, and the list of operators is complete.
pass contains "multi-vendor" if {
	input.telecom.operators_complete == true
	is_array(input.telecom.operators)
	every op in input.telecom.operators {
		several_vendors(op)
		no_high_risk_vendor(op)
	}
}

# any[count(/vendors) ge 2, not(/vendors_complete eq true)]
several_vendors(op) if {
	is_array(op.vendors)
	count(op.vendors) >= 2
}

several_vendors(op) if {
	op.vendors_complete != null
	op.vendors_complete != true
}

# none(/vendors where /high_risk eq true): every vendor known not to be high-risk
no_high_risk_vendor(op) if {
	is_array(op.vendors)
	every v in op.vendors {
		v.high_risk != null
		v.high_risk != true
	}
}

# partner-diversification: applies to countries with projects; some project has a
# non-Chinese partner (or the project list is known to be open), and no single partner spans
# sectors.
pass contains "partner-diversification" if {
	is_array(input.digitalisation.projects)
	count(input.digitalisation.projects) >= 1
	partners_beyond_china
	input.digitalisation.one_partner_across_sectors == false
}

partners_beyond_china if {
	some p in input.digitalisation.projects
	p.chinese_partner == false
}

partners_beyond_china if {
	input.digitalisation.projects_complete != null
	input.digitalisation.projects_complete != true
}

# tender-transparency: applies once the tender is held
pass contains "tender-transparency" if {
	input.five_g.tender.status == "held"
	input.five_g.tender.open_and_transparent == true
	input.five_g.tender.security_criteria == true
}

# procurement-disclosure: applies to countries with contracts; every contract competitively
# tendered, its terms public, not classified, not on an intergovernmental basis.
pass contains "procurement-disclosure" if {
	is_array(input.procurement.contracts)
	count(input.procurement.contracts) >= 1
	every c in input.procurement.contracts {
		c.competitive_tender == true
		c.terms_public == true
		c.classified == false
		c.intergovernmental_basis == false
	}
}

# The four surveillance rules apply where facial recognition is deployed.
pass contains "frt-legal-basis" if {
	input.surveillance.facial_recognition.deployed == true
	input.surveillance.facial_recognition.specific_legal_basis == true
	input.surveillance.facial_recognition.use_rules_defined == true
	input.surveillance.facial_recognition.access_rules_defined == true
	input.surveillance.facial_recognition.retention_limit_defined == true
}

pass contains "frt-oversight" if {
	input.surveillance.facial_recognition.deployed == true
	input.surveillance.facial_recognition.independent_oversight == true
}

pass contains "frt-consultation" if {
	input.surveillance.facial_recognition.deployed == true
	input.surveillance.facial_recognition.civil_society_consultation == true
}

pass contains "camera-register" if {
	input.surveillance.facial_recognition.deployed == true
	input.surveillance.camera_register.status == "complete"
}
