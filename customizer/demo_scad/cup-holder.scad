// Cup holder with a handle for a thin vending-machine cup.
// Written for MakerHub's demo (CC BY-SA 4.0). The comment lines above each parameter are
// read by MakerHub's customizer: see docs/customizer.md.

/* [en: The cup | de: Der Becher] */

// Outer diameter of the cup at its rim.
// en: Cup diameter | Outer diameter of your cup at the top rim. Lay a ruler across the top of the cup and read from outer edge to outer edge.
// de: Becherdurchmesser | Außendurchmesser Ihres Bechers am oberen Rand. Legen Sie ein Lineal quer über die Öffnung und lesen Sie von Außenkante zu Außenkante ab.
// unit: mm
cup_diameter = 70; // [50:0.5:100]

// en: Holder height | How far up the cup the holder reaches. Around half the height of the cup holds it safely.
// de: Höhe des Halters | Wie weit der Halter am Becher hinaufreicht. Etwa die halbe Becherhöhe hält den Becher sicher.
// unit: mm
holder_height = 40; // [20:5:80]

// en: Bottom | Open ring (the cup sits on the table) or closed base (the cup cannot slip through).
// de: Boden | Offener Ring (der Becher steht auf dem Tisch) oder geschlossener Boden (der Becher kann nicht durchrutschen).
// options-de: ring:Offener Ring, base:Geschlossener Boden
bottom = "ring"; // [ring:Open ring, base:Closed base]

// en: Wall thickness | Thickness of the holder's wall. Thicker is stiffer, thinner is lighter.
// de: Wandstärke | Dicke der Wand des Halters. Dicker ist stabiler, dünner ist leichter.
// unit: mm
wall = 2.4; // [1.6:0.4:5.2]

/* [en: The handle | de: Der Griff] */

// en: Handle length | From the holder to the end of the handle. Measure the width of the palm of the hand that will hold it and add 2 cm.
// de: Grifflänge | Vom Halter bis zum Ende des Griffs. Messen Sie die Breite der Handfläche, die den Griff halten wird, und rechnen Sie 2 cm dazu.
// unit: mm
handle_length = 90; // [50:5:150]

// en: Grip diameter | Thickness of the handle. Close the hand loosely into a ring, as if holding a broomstick, and measure the gap between fingertips and palm.
// de: Griffdurchmesser | Dicke des Griffs. Schließen Sie die Hand locker zu einem Ring, als ob Sie einen Besenstiel halten, und messen Sie den Abstand zwischen Fingerspitzen und Handfläche.
// unit: mm
grip_diameter = 30; // [15:1:50]

// en: Rounded edges | Rounds the end of the handle.
// de: Abgerundete Kanten | Rundet das Ende des Griffs ab.
rounded_edges = true;

/* [Hidden] */
clearance = 0.6;
taper = 4; // degrees: vending cups are narrower at the bottom
$fn = 64;

module cavity() {
    d_top = cup_diameter + 2 * clearance;
    d_bottom = d_top - 2 * holder_height * tan(taper);
    translate([0, 0, bottom == "base" ? wall : -0.01])
        cylinder(h = holder_height + 0.02, d1 = d_bottom, d2 = d_top);
}

module outer_ring() {
    d_top = cup_diameter + 2 * clearance;
    d_bottom = d_top - 2 * holder_height * tan(taper);
    cylinder(h = holder_height, d1 = d_bottom + 2 * wall, d2 = d_top + 2 * wall);
}

module handle() {
    r = grip_diameter / 2;
    axis = r * 0.8; // the handle's lower fifth is cut flat, so it lies on the bed
    length = handle_length + cup_diameter / 2;
    end = length - (rounded_edges ? axis : 0);
    hull() {
        translate([0, 0, axis]) rotate([0, 90, 0])
            linear_extrude(height = end)
                intersection() {
                    circle(r = r);
                    translate([-r, -r]) square([axis + r, 2 * r]);
                }
        if (rounded_edges) translate([end, 0, axis]) sphere(r = axis, $fn = 32);
    }
}

difference() {
    union() {
        outer_ring();
        handle();
    }
    // Keep the inside of the ring free for the cup.
    cavity();
}
