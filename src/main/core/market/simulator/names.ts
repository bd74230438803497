/**
 * Word lists for the simulator's fictional companies: industries per sector and the words their names are
 * built from. Pure data.
 */
import type { SectorId } from '../../../../shared/sectors';

/** One industry: its display name, its share of the sector's companies, and name words that fit it. */
export interface IndustryWords {
  readonly name: string;
  readonly weight: number;
  readonly words: readonly string[];
}

/** Industries of each sector. */
export const INDUSTRIES: Readonly<Record<SectorId, readonly IndustryWords[]>> = {
  technology: [
    { name: 'Application Software', weight: 3, words: ['Software', 'Cloud', 'Apps', 'Analytics', 'Data', 'AI'] },
    { name: 'Infrastructure Software', weight: 2, words: ['Systems', 'Cyber', 'Security', 'Platforms', 'Compute'] },
    { name: 'Semiconductors', weight: 2, words: ['Semiconductor', 'Micro', 'Silicon', 'Photonics', 'Quantum'] },
    { name: 'IT Services', weight: 1.5, words: ['Technologies', 'Digital', 'Solutions', 'Consulting'] },
    { name: 'Communication Equipment', weight: 1, words: ['Communications', 'Wireless', 'Telecom', 'Networks'] },
    { name: 'Electronic Components', weight: 1, words: ['Electronics', 'Circuits', 'Sensors', 'Components'] },
    { name: 'Internet Content', weight: 1, words: ['Media', 'Interactive', 'Online', 'Social'] },
  ],
  healthcare: [
    {
      name: 'Biotechnology',
      weight: 5,
      words: ['Therapeutics', 'Biosciences', 'Bio', 'Genomics', 'Biotherapeutics', 'Oncology', 'Immunotherapy', 'Biopharma'],
    },
    { name: 'Medical Devices', weight: 2, words: ['Medical', 'Surgical', 'Devices', 'Orthopedics', 'Vascular'] },
    { name: 'Pharmaceuticals', weight: 1.5, words: ['Pharmaceuticals', 'Pharma', 'Laboratories'] },
    { name: 'Diagnostics & Research', weight: 1, words: ['Diagnostics', 'Biolabs', 'Life Sciences'] },
    { name: 'Health Information Services', weight: 0.7, words: ['Health', 'HealthTech', 'Care Systems'] },
    { name: 'Medical Care Facilities', weight: 0.6, words: ['Health Partners', 'Care', 'Clinics'] },
  ],
  energy: [
    { name: 'Oil & Gas E&P', weight: 3, words: ['Petroleum', 'Energy', 'Resources', 'Oil & Gas', 'Exploration'] },
    { name: 'Oil & Gas Equipment & Services', weight: 1.5, words: ['Drilling', 'Oilfield Services', 'Offshore'] },
    { name: 'Oil & Gas Midstream', weight: 1, words: ['Midstream', 'Pipeline', 'Energy Transfer'] },
    { name: 'Uranium', weight: 0.8, words: ['Uranium', 'Nuclear Fuels'] },
    { name: 'Solar', weight: 1, words: ['Solar', 'Sun Energy', 'Photovoltaics'] },
    { name: 'Oil & Gas Refining & Marketing', weight: 0.7, words: ['Refining', 'Fuels'] },
  ],
  financials: [
    { name: 'Regional Banks', weight: 3, words: ['Bancorp', 'Bank', 'Bancshares', 'Savings', 'Financial'] },
    { name: 'Insurance', weight: 1.5, words: ['Insurance', 'Assurance', 'Casualty', 'Re'] },
    { name: 'Asset Management', weight: 1, words: ['Capital', 'Asset Management', 'Investors'] },
    { name: 'Credit Services', weight: 1.2, words: ['Credit', 'Lending', 'Finance', 'Pay'] },
    { name: 'Capital Markets', weight: 1, words: ['Securities', 'Markets', 'Trading'] },
    { name: 'Mortgage Finance', weight: 0.6, words: ['Mortgage', 'Home Loans', 'Realty Finance'] },
  ],
  consumer_discretionary: [
    { name: 'Specialty Retail', weight: 2, words: ['Stores', 'Retail', 'Outfitters', 'Supply'] },
    { name: 'Restaurants', weight: 1.5, words: ['Restaurants', 'Kitchen', 'Grill', 'Eateries'] },
    { name: 'Apparel', weight: 1, words: ['Apparel', 'Brands', 'Footwear'] },
    { name: 'Auto Parts', weight: 1, words: ['Automotive', 'Auto Parts', 'Motors'] },
    { name: 'Leisure', weight: 1, words: ['Leisure', 'Entertainment', 'Resorts', 'Recreation'] },
    { name: 'Homebuilding', weight: 0.8, words: ['Homes', 'Builders', 'Communities'] },
    { name: 'Internet Retail', weight: 1.2, words: ['Commerce', 'Marketplace', 'Direct'] },
    { name: 'Electric Vehicles', weight: 0.8, words: ['EV', 'Electric Motors', 'Mobility'] },
  ],
  industrials: [
    { name: 'Aerospace & Defense', weight: 1.5, words: ['Aerospace', 'Defense', 'Dynamics', 'Aviation'] },
    { name: 'Machinery', weight: 1.5, words: ['Machinery', 'Industries', 'Equipment', 'Tools'] },
    { name: 'Trucking', weight: 1, words: ['Freight', 'Logistics', 'Transport'] },
    { name: 'Engineering & Construction', weight: 1.2, words: ['Construction', 'Engineering', 'Infrastructure'] },
    { name: 'Electrical Equipment', weight: 1.2, words: ['Electric', 'Power Systems', 'Controls'] },
    { name: 'Airlines', weight: 0.5, words: ['Airlines', 'Air'] },
    { name: 'Building Products', weight: 0.8, words: ['Building Products', 'Windows', 'Roofing'] },
    { name: 'Staffing', weight: 0.5, words: ['Staffing', 'Workforce'] },
  ],
  materials: [
    { name: 'Gold Mining', weight: 2.5, words: ['Gold', 'Gold Mines', 'Precious Metals', 'Mining'] },
    { name: 'Copper', weight: 1, words: ['Copper', 'Metals'] },
    { name: 'Lithium', weight: 1, words: ['Lithium', 'Battery Metals', 'Minerals'] },
    { name: 'Chemicals', weight: 1, words: ['Chemical', 'Chemicals'] },
    { name: 'Steel', weight: 0.8, words: ['Steel', 'Ironworks'] },
    { name: 'Specialty Chemicals', weight: 1, words: ['Materials', 'Polymers', 'Coatings'] },
    { name: 'Silver', weight: 0.8, words: ['Silver', 'Silver Mines'] },
    { name: 'Paper & Packaging', weight: 0.6, words: ['Packaging', 'Paper'] },
  ],
  utilities: [
    { name: 'Electric Utilities', weight: 2, words: ['Power', 'Electric', 'Utilities'] },
    { name: 'Renewable Utilities', weight: 2, words: ['Renewables', 'Wind', 'Clean Power', 'Green Energy'] },
    { name: 'Water Utilities', weight: 0.8, words: ['Water', 'Water Works'] },
    { name: 'Gas Utilities', weight: 0.8, words: ['Gas', 'Natural Gas'] },
    { name: 'Independent Power Producers', weight: 0.8, words: ['Generation', 'Power Producers'] },
  ],
};

/** First words of company names: invented or generic place/nature words. */
export const NAME_STEMS: readonly string[] = [
  'Aurora', 'Northwind', 'Bluecrest', 'Cedarline', 'Summitry', 'Harborview', 'Keystone', 'Meridian', 'Pinnacle',
  'Redwood', 'Silverline', 'Apexion', 'Beaconridge', 'Cobalt', 'Crescent', 'Evergreen', 'Frontier', 'Granite',
  'Horizon', 'Ironwood', 'Juniper', 'Lakeshore', 'Magnolia', 'Novara', 'Oakmont', 'Pioneer', 'Quarrystone',
  'Riverbend', 'Sterling', 'Tidewater', 'Unison', 'Valiant', 'Westbrook', 'Xyloria', 'Yellowstone', 'Zenith',
  'Altura', 'Brightwater', 'Caldera', 'Driftwood', 'Emberly', 'Fairhaven', 'Glacier', 'Highmark', 'Indigo',
  'Jasper', 'Kingsley', 'Lumen', 'Mosaic', 'Northstar', 'Obsidian', 'Paragon', 'Quillon', 'Ridgeline', 'Solstice',
  'Tamarack', 'Ultrion', 'Verdant', 'Willowbrook', 'Xenon', 'Yarrow', 'Zephyr', 'Arclight', 'Boreal', 'Cypress',
  'Dawnstar', 'Eastgate', 'Falcon', 'Goldfinch', 'Hawthorne', 'Ionic', 'Jetstream', 'Kestrel', 'Lodestar',
  'Mariner', 'Nexora', 'Orion', 'Palisade', 'Quantix', 'Radiant', 'Sapphire', 'Tessera', 'Umbra', 'Vireo',
  'Wavecrest', 'Axiom', 'Bramble', 'Cascade', 'Delta Ridge', 'Echelon', 'Firebrand', 'Greystone', 'Halcyon',
  'Inland', 'Jadeite', 'Kinetic', 'Larkspur', 'Monarch', 'Nimbus', 'Onyx', 'Prairie', 'Quasar', 'Rampart',
  'Sentinel', 'Trillium', 'Upland', 'Vector', 'Wildrose', 'Amberly', 'Bayfield', 'Corvid', 'Dunmore', 'Elmstead',
  'Foxglove', 'Garnet', 'Heron', 'Ivybridge', 'Kelvin', 'Lattice', 'Marlow', 'Nautilus', 'Osprey', 'Pallas',
  'Redstone', 'Stonebridge', 'Talon', 'Vantor', 'Windmere', 'Acadia', 'Birchwood', 'Coral Bay', 'Denali',
  'Everest', 'Fjord', 'Galena', 'Hollis', 'Iris', 'Juno', 'Karst', 'Lyra', 'Mesa Verde', 'Noble Ridge', 'Opaline',
  'Pembrook', 'Quintara', 'Rowan', 'Saltmarsh', 'Thornbury', 'Umberto', 'Vela', 'Whitmore', 'Aspenglow',
  'Blackfin', 'Clearwater', 'Dovetail', 'Elara', 'Fathom', 'Gryphon', 'Helios', 'Inverness', 'Jubilee', 'Kodiak',
  'Lunaris', 'Meadowlark', 'Northgate', 'Oberon', 'Peregrine', 'Quicksilver', 'Ravenwood', 'Seabright',
  'Tristar', 'Uplift', 'Valora', 'Westwind', 'Arbor', 'Bellhaven', 'Cinder', 'Duskfall', 'Eagle Rock',
  'Fernhill', 'Goldcrest', 'Harrow', 'Ironclad', 'Jaguar', 'Keel', 'Lighthouse', 'Marquis', 'Nova Terra',
  'Oasis', 'Polaris', 'Regent', 'Sablewood', 'Topaz', 'Vortex', 'Wren', 'Abacus', 'Bolt', 'Citadel', 'Dynamo',
  'Elevate', 'Fulcrum', 'Genesis', 'Hyperion', 'Innova', 'Lumina', 'Momentum', 'Neuron', 'Optima', 'Prism',
  'Catalina', 'Sequoia', 'Tundra', 'Aether', 'Bastion', 'Crimson', 'Dorado', 'Emerald Coast', 'Flint', 'Gale',
  'Hickory', 'Istra', 'Kairos', 'Lynx', 'Mistral', 'Nordic', 'Orchid', 'Pyxis', 'Rune', 'Sierra', 'Teton',
  'Vesper', 'Wolfpine', 'Atlas Peak', 'Brighton', 'Cormorant', 'Drummond', 'Eon', 'Finch', 'Glenwood',
];

/** Corporate endings, weighted by how often they are used. */
export const NAME_ENDINGS: readonly (readonly [string, number])[] = [
  ['Inc.', 5],
  ['Corp.', 3],
  ['Holdings', 2],
  ['Ltd.', 1],
  ['Group', 1],
  ['Co.', 0.5],
  ['', 2],
];
