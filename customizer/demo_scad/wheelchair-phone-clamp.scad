// Phone holder that clamps to a wheelchair tube (armrest or frame) with one screw.
// Written for MakerHub's demo (CC BY-SA 4.0). See docs/customizer.md for the comments.

/* [en: The wheelchair | de: Der Rollstuhl] */

// en: Tube diameter | Outer diameter of the tube the holder goes on. Wrap a strip of paper once around the tube, mark where it overlaps, and divide the length by 3.14.
// de: Rohrdurchmesser | Außendurchmesser des Rohrs, an das der Halter kommt. Legen Sie einen Papierstreifen einmal um das Rohr, markieren Sie die Überlappung und teilen Sie die Länge durch 3,14.
// unit: mm
tube_diameter = 22; // [16:0.5:40]

/* [en: The phone | de: Das Telefon] */

// en: Phone width | Width of the phone in its case, measured across the screen from edge to edge.
// de: Telefonbreite | Breite des Telefons mit Hülle, quer über den Bildschirm von Kante zu Kante gemessen.
// unit: mm
phone_width = 75; // [55:0.5:95]

// en: Phone thickness | Thickness of the phone in its case, lying flat on the table.
// de: Telefondicke | Dicke des Telefons mit Hülle, flach auf dem Tisch liegend gemessen.
// unit: mm
phone_thickness = 10; // [6:0.5:18]

// en: Screw size | Size of the screw that closes the clamp.
// de: Schraubengröße | Größe der Schraube, die die Klemme schließt.
// options-de: 3:M3, 4:M4, 5:M5
screw = 4; // [3:M3, 4:M4, 5:M5]

/* [Hidden] */
height = 24;
wall = 3;
gap = 3;
ear = 9;
stem = 12;
lip = 4;
$fn = 96;

module clamp_profile() {
    r = tube_diameter / 2;
    difference() {
        union() {
            circle(r = r + wall);
            // ears either side of the slot
            translate([r - 1, -(gap / 2 + wall)]) square([wall + ear + 1, gap + 2 * wall]);
            // stem to the cradle, opposite the slot
            translate([-(r + wall + stem), -wall * 1.5]) square([stem + wall, wall * 3]);
        }
        circle(r = r);
        translate([0, -gap / 2]) square([r + wall + ear + 1, gap]);
    }
}

module cradle_profile() {
    inner_w = phone_width + 1;
    inner_t = phone_thickness + 1;
    x0 = -(tube_diameter / 2 + wall + stem + inner_t + 2 * wall);
    translate([x0, -(inner_w / 2 + wall)]) difference() {
        square([inner_t + 2 * wall, inner_w + 2 * wall]);
        translate([wall, wall]) square([inner_t, inner_w]);
        // open the front, keep a lip on both sides
        translate([-1, wall + lip]) square([wall + 2, inner_w - 2 * lip]);
    }
}

difference() {
    linear_extrude(height = height) {
        clamp_profile();
        cradle_profile();
    }
    // screw hole through both ears
    translate([tube_diameter / 2 + wall + ear / 2, 0, height / 2])
        rotate([90, 0, 0]) cylinder(h = gap + 2 * wall + 2, d = screw + 0.4, center = true);
}
