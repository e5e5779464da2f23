// The sectors of DOMAIN.md, in the order the menus show them.

export const SECTORS = ['RETAIL', 'FOOD_SERVICE', 'HOSPITALITY', 'HEALTHCARE', 'EDUCATION', 'CULTURE', 'TRANSPORT',
  'MANUFACTURING', 'CONSTRUCTION', 'GOVERNMENT', 'OFFICE', 'OTHER'];
