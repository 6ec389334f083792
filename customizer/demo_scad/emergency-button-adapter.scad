// Adapter for a round emergency or call button: a cap over the button with a lever, so
// that the button can be pressed with the back of the hand, an elbow or a knee.
// Written for MakerHub's demo (CC BY-SA 4.0). See docs/customizer.md for the comments.

/* [en: The button | de: Der Taster] */

// en: Button diameter | Diameter of the button's round cap. Measure across the cap with a ruler or a calliper, from edge to edge.
// de: Tasterdurchmesser | Durchmesser der runden Kappe des Tasters. Messen Sie mit einem Lineal oder Messschieber quer über die Kappe, von Rand zu Rand.
// unit: mm
button_diameter = 40; // [20:0.5:70]

// en: Button height | How far the cap stands out from its housing.
// de: Tasterhöhe | Wie weit die Kappe aus ihrem Gehäuse herausragt.
// unit: mm
button_height = 12; // [5:1:30]

/* [en: The lever | de: Der Hebel] */

// en: Lever length | From the middle of the button to the end of the lever. A longer lever needs less force.
// de: Hebellänge | Von der Mitte des Tasters bis zum Ende des Hebels. Ein längerer Hebel braucht weniger Kraft.
// unit: mm
lever_length = 80; // [40:5:160]

// en: Lever width | Width of the pressing surface.
// de: Hebelbreite | Breite der Druckfläche.
// unit: mm
lever_width = 50; // [30, 40, 50, 60]

/* [Hidden] */
clearance = 0.5;
wall = 2.4;
plate = 4;
$fn = 96;

module lever() {
    hull() {
        cylinder(h = plate, d = button_diameter + 2 * wall);
        translate([lever_length, 0, 0]) cylinder(h = plate, d = lever_width);
    }
}

module cap() {
    difference() {
        cylinder(h = plate + button_height, d = button_diameter + 2 * clearance + 2 * wall);
        translate([0, 0, plate]) cylinder(h = button_height + 1, d = button_diameter + 2 * clearance);
    }
}

union() {
    lever();
    cap();
}
